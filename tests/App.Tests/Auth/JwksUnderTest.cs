using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using App.Api.Auth;
using App.Api.Auth.Jwks;
using App.Api.IdentityProvider;
using App.Tests.Infrastructure;
using Auther.Dev;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Tests.Auth;

/// <summary>
/// A local Auther (its discovery issuer differs from its address, as deployed Auther's JWT_ISSUER does) and the
/// app's key store pointed at it, on a clock the test sets, with what the store logs and counts. One per test.
/// </summary>
public sealed class JwksUnderTest : IAsyncDisposable
{
    public const string DiscoveryIssuer = "https://issuer.example.test";
    public static readonly DateTimeOffset Start = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Reason, string Result), long> _refreshes = new();

    private JwksUnderTest(AutherDevServer auther)
    {
        Auther = auther;
        _services = new ServiceCollection().AddHttpClient().AddMetrics().BuildServiceProvider();
        var factory = _services.GetRequiredService<IMeterFactory>();
        Metrics = new AuthMetrics(factory);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "auth.jwks.refresh.count" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string reason = string.Empty, result = string.Empty;
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    reason = tag.Value?.ToString() ?? string.Empty;
                }
                else if (tag.Key == "result")
                {
                    result = tag.Value?.ToString() ?? string.Empty;
                }
            }

            _refreshes.AddOrUpdate((reason, result), value, (_, current) => current + value);
        });
        _listener.Start();
    }

    public AutherDevServer Auther { get; }

    public TestClock Clock { get; } = new(Start);

    public RecordingLogger<AutherJwks> Logger { get; } = new();

    public AuthMetrics Metrics { get; }

    /// <summary>The store's timings; a test changes them before <see cref="CreateJwks"/>.</summary>
    public AuthOptions Options { get; } = new() { JwksFetchTimeout = TimeSpan.FromSeconds(10) };

    /// <summary>The app's address for Auther: its base URL, with the trailing slash it is served with.</summary>
    public string Url => Auther.BaseUrl.ToString();

    public static async Task<JwksUnderTest> StartAsync() =>
        new(await AutherDevServer.StartAsync(new AutherDevOptions { Issuer = DiscoveryIssuer, Audience = ApiFixture.Audience }));

    /// <summary>A key store for this Auther, started now on <see cref="Clock"/>; <paramref name="configure"/> adjusts the app's Auther settings.</summary>
    public AutherJwks CreateJwks(Action<AutherOptions>? configure = null)
    {
        var auther = new AutherOptions { Url = Url, Audience = ApiFixture.Audience };
        configure?.Invoke(auther);
        return new AutherJwks(
            _services.GetRequiredService<IHttpClientFactory>(),
            Microsoft.Extensions.Options.Options.Create(auther),
            Microsoft.Extensions.Options.Options.Create(Options),
            Metrics,
            Clock,
            Logger);
    }

    /// <summary>How many fetches <c>auth.jwks.refresh.count</c> counted with this reason and result.</summary>
    public long Refreshes(string reason, string result) => _refreshes.GetValueOrDefault((reason, result));

    /// <summary>Every fetch counted so far, whatever its reason and result.</summary>
    public long AllRefreshes => _refreshes.Values.Sum();

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _services.DisposeAsync();
        await Auther.DisposeAsync();
    }
}
