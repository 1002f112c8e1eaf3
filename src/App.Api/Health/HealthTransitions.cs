using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.Api.Health;

/// <summary>
/// Logs each readiness check's state changes (Healthy to Degraded, Degraded to Healthy...), once per change, from
/// the reports probes produce. The framework's own line per probe and check is switched off (SerilogSetup): a
/// load balancer probing every second while a check is Degraded wrote a warning a second.
/// </summary>
public sealed class HealthTransitions(ILogger<HealthTransitions> logger)
{
    // A check not yet seen counts as Healthy: a start-up that is healthy logs nothing, one that is not says so.
    private readonly ConcurrentDictionary<string, HealthStatus> _last = new();

    public void Record(HealthReport report)
    {
        foreach (var (name, entry) in report.Entries)
        {
            if (Changed(name, entry.Status) is { } previous)
            {
                if (entry.Status == HealthStatus.Healthy)
                {
                    logger.LogInformation("Health check {Check} is {Status} again (was {Previous}): {Description}", name, entry.Status, previous, entry.Description);
                }
                else
                {
                    logger.LogWarning("Health check {Check} is {Status} (was {Previous}): {Description}", name, entry.Status, previous,
                        entry.Description ?? entry.Exception?.Message);
                }
            }
        }
    }

    /// <summary>The previous state when <paramref name="status"/> is a change, claimed atomically so concurrent probes log it once.</summary>
    private HealthStatus? Changed(string name, HealthStatus status)
    {
        while (true)
        {
            var previous = _last.GetOrAdd(name, HealthStatus.Healthy);
            if (previous == status)
            {
                return null;
            }

            if (_last.TryUpdate(name, status, previous))
            {
                return previous;
            }
        }
    }
}
