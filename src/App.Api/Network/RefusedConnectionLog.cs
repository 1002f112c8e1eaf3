using System.Diagnostics.Metrics;
using System.Globalization;

namespace App.Api.Network;

/// <summary>
/// Says once at start what the connection caps are, and once per burst that connections are being refused
/// (Kestrel's own line per refused connection is filtered out in SerilogSetup: a flood would write thousands a
/// second). A burst is over when a few seconds pass without a refusal; its end line gives the count.
/// Fed by Kestrel's <c>kestrel.rejected_connections</c> counter, of this host's meters only.
/// </summary>
public sealed class RefusedConnectionLog(ConnectionLimits limits, IMeterFactory meters, TimeProvider time, ILogger<RefusedConnectionLog> logger)
    : IHostedService, IDisposable
{
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(5);

    private readonly MeterListener _listener = new();
    private ITimer? _timer;
    private long _refused;
    private long _seenAtLastTick;
    private DateTimeOffset _burstStarted;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation(
            "Accepting at most {Connections} connections and {Upgraded} upgraded ones, shared by {Listeners} listening socket(s) (open-file limit {Soft}, hard {Hard}; Network:MaxConnections)",
            limits.Connections?.ToString(CultureInfo.InvariantCulture) ?? "unlimited", limits.Upgraded?.ToString(CultureInfo.InvariantCulture) ?? "unlimited",
            limits.Listeners, limits.Files?.Soft.ToString(CultureInfo.InvariantCulture) ?? "unknown", limits.Files?.Hard.ToString(CultureInfo.InvariantCulture) ?? "unknown");
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Name: "kestrel.rejected_connections", Meter.Name: "Microsoft.AspNetCore.Server.Kestrel" } && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Refused(value));
        _listener.Start();
        _timer = time.CreateTimer(_ => Tick(), null, QuietPeriod, QuietPeriod);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _listener.Dispose();
        _timer?.Dispose();
    }

    private void Refused(long count)
    {
        if (Interlocked.Add(ref _refused, count) == count)
        {
            _burstStarted = time.GetUtcNow();
            logger.LogWarning("Refusing new connections: a listening socket holds its share of the cap of {Connections} (Network:MaxConnections). Logged once per burst",
                limits.Connections);
        }
    }

    private void Tick()
    {
        var refused = Interlocked.Read(ref _refused);
        if (refused > 0 && refused == _seenAtLastTick)
        {
            Interlocked.Add(ref _refused, -refused);
            _seenAtLastTick = 0;
            logger.LogWarning("Connection burst over: {Refused} connection(s) refused in {Seconds:0} s", refused,
                (time.GetUtcNow() - _burstStarted - QuietPeriod).TotalSeconds);
            return;
        }

        _seenAtLastTick = refused;
    }
}
