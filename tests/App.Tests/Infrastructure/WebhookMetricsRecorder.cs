using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using App.Api.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Infrastructure;

/// <summary>Listens to the App.Webhooks meter of ONE host (meters are per service provider; other test classes run in parallel).</summary>
public sealed class WebhookMetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Type, string Format, string Outcome), long> _counts = new();
    private int _durations;

    public WebhookMetricsRecorder(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WebhookMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "webhook.received.count")
            {
                var key = (Tag(tags, "type"), Tag(tags, "format"), Tag(tags, "outcome"));
                _counts.AddOrUpdate(key, value, (_, current) => current + value);
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            if (instrument.Name == "webhook.processing.duration" && instrument.Unit == "ms")
            {
                Interlocked.Increment(ref _durations);
            }
        });
        _listener.Start();
    }

    public int Durations => _durations;

    public long Count(string type, string format, string outcome) => _counts.GetValueOrDefault((type, format, outcome));

    public void Dispose() => _listener.Dispose();

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString() ?? string.Empty;
            }
        }

        return string.Empty;
    }
}
