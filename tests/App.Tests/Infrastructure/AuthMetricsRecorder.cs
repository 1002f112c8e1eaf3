using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using App.Api.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Infrastructure;

/// <summary>Counts the App.Auth meter's JWT verification results, authenticated requests and shadow-row provisionings of ONE host (meters are per service provider).</summary>
public sealed class AuthMetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _results = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _provisioned = new(StringComparer.Ordinal);

    public AuthMetricsRecorder(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AuthMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var (counts, tagName) = instrument.Name switch
            {
                "auth.jwt.verify.result.count" => (_results, "result"),
                "auth.request.count" => (_requests, "method"),
                "auth.shadow.jit.count" => (_provisioned, "result"),
                _ => (null, string.Empty),
            };
            foreach (var tag in tags)
            {
                if (counts is not null && tag.Key == tagName)
                {
                    counts.AddOrUpdate(tag.Value?.ToString() ?? string.Empty, value, (_, current) => current + value);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>How many verifications ended with <paramref name="result"/> (ok, revoked, account_deleted...) since this recorder started.</summary>
    public long Count(string result) => _results.GetValueOrDefault(result);

    /// <summary>How many authenticated requests used <paramref name="method"/> (jwt, legacy) since this recorder started.</summary>
    public long Requests(string method) => _requests.GetValueOrDefault(method);

    /// <summary>How many shadow-row lookups of a request ended with <paramref name="result"/> (created, existing, tombstoned) since this recorder started.</summary>
    public long Provisioned(string result) => _provisioned.GetValueOrDefault(result);

    public void Dispose() => _listener.Dispose();
}
