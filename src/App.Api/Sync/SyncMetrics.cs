using System.Diagnostics.Metrics;
using App.Api.Auth;

namespace App.Api.Sync;

/// <summary>
/// The poll's instruments, on the <c>App.Auth</c> meter beside the other <c>auth.*</c> ones. The gauges are
/// reported by the instance that polls (the lock holder); others report nothing until they take over.
/// </summary>
public sealed class SyncMetrics
{
    private readonly Counter<long> _changes;
    private readonly Counter<long> _passes;
    private readonly Counter<long> _requests;
    private readonly TimeProvider _time;
    private long _lastSuccessTicks;

    public SyncMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        var meter = meterFactory.Create(AuthMetrics.MeterName);
        _changes = meter.CreateCounter<long>("auth.sync.changes.count", description: "Shadow rows changed by the user poll, by kind (ban, unban, profile, unblock)");
        _passes = meter.CreateCounter<long>("auth.sync.pass.count", description: "User polls by result (ok, error)");
        _requests = meter.CreateCounter<long>("auth.sync.requests.count", description: "list-users requests made by the user poll");
        meter.CreateObservableGauge<double>("auth.sync.last_success", () => LastSuccess is { } at ? [new Measurement<double>(at.ToUnixTimeMilliseconds() / 1000.0)] : [],
            unit: "s", description: "Unix time of the last successful user poll");
        meter.CreateObservableGauge<double>("auth.sync.lag", () => LastSuccess is { } at ? [new Measurement<double>((_time.GetUtcNow() - at).TotalSeconds)] : [],
            unit: "s", description: "Seconds since the last successful user poll: how stale bans and roles may be");
    }

    public DateTimeOffset? LastSuccess
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastSuccessTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public void Changed(string kind, int count) => _changes.Add(count, new KeyValuePair<string, object?>("kind", kind));

    public void Requested() => _requests.Add(1);

    public void Passed(bool ok)
    {
        _passes.Add(1, new KeyValuePair<string, object?>("result", ok ? "ok" : "error"));
        if (ok)
        {
            Interlocked.Exchange(ref _lastSuccessTicks, _time.GetUtcNow().UtcTicks);
        }
    }
}
