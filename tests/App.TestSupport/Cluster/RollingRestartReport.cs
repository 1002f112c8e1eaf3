using System.Globalization;
using System.Text;

namespace App.TestSupport.Cluster;

/// <summary>What a rolling restart under load did to the clients, the data and the ban.</summary>
public sealed class RollingRestartReport
{
    public required IReadOnlyList<Sample> Samples { get; init; }

    public required IReadOnlyList<RestartResult> Restarts { get; init; }

    /// <summary>Organizations acknowledged (201) that are not in the database exactly once.</summary>
    public required IReadOnlyList<string> WritesNotPresentOnce { get; init; }

    /// <summary>Organizations of this run in the database that no client was told about (a write applied but answered with a failure).</summary>
    public required int UnacknowledgedWrites { get; init; }

    public required int WritesAcknowledged { get; init; }

    public required int WebhooksAcknowledged { get; init; }

    /// <summary>Acknowledged webhooks with no settled inbox row (lost), or whose outcome was not "applied".</summary>
    public required IReadOnlyList<string> WebhooksLostOrNotApplied { get; init; }

    /// <summary>Webhook users whose row does not hold the last acknowledged name.</summary>
    public required IReadOnlyList<string> WebhookUsersOutOfDate { get; init; }

    /// <summary>How long after the deactivation answered each instance refused the banned user (null: never).</summary>
    public required IReadOnlyList<TimeSpan?> BanReached { get; init; }

    /// <summary>Instances that did not refuse the banned user at the end (after every restart).</summary>
    public required IReadOnlyList<int> BanNotEnforcedAtEnd { get; init; }

    /// <summary>Not 2xx, other than a 503 with Retry-After (which the load balancer retries elsewhere first).</summary>
    public IReadOnlyList<Sample> Failures => Samples.Where(s => s.Error is not null && !(s.Status == 503 && s.RetryAfter)).ToList();

    public int ServiceUnavailable => Samples.Count(s => s.Status == 503 && s.RetryAfter);

    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>p50 and p99 of the successful requests sent in <paramref name="phase"/>.</summary>
    public (int Count, double P50, double P99) Latency(string phase)
    {
        var ms = Samples.Where(s => s.Phase == phase && s.Error is null).Select(s => s.Milliseconds).ToList();
        return (ms.Count, Percentile(ms, 50), Percentile(ms, 99));
    }

    public string Summary()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"requests: {Samples.Count} ({string.Join(", ", Samples.GroupBy(s => s.Kind).Select(g => $"{g.Key} {g.Count()}"))})");
        text.AppendLine(c, $"failed: {Failures.Count}; 503 with Retry-After: {ServiceUnavailable}");
        foreach (var phase in new[] { "steady", "roll", "after" })
        {
            var (count, p50, p99) = Latency(phase);
            text.AppendLine(c, $"{phase,-6}: {count} ok, p50 {p50:0.0} ms, p99 {p99:0.0} ms");
        }

        foreach (var r in Restarts)
        {
            text.AppendLine(c, $"instance {r.Instance}: exit {r.ExitCode}; out of rotation after {r.OutOfRotation.TotalSeconds:0.0} s, exited after {r.Exited.TotalSeconds:0.0} s, back in rotation after {r.BackInRotation.TotalSeconds:0.0} s");
        }

        text.AppendLine(c, $"writes: {WritesAcknowledged} acknowledged, {WritesNotPresentOnce.Count} not present once, {UnacknowledgedWrites} present but not acknowledged");
        text.AppendLine(c, $"webhooks: {WebhooksAcknowledged} acknowledged, {WebhooksLostOrNotApplied.Count} lost or not applied, {WebhookUsersOutOfDate.Count} users out of date");
        text.AppendLine(c, $"ban reached the instances after: {string.Join(", ", BanReached.Select(t => t is { } v ? $"{v.TotalSeconds:0.00} s" : "never"))}; not enforced at the end on: [{string.Join(", ", BanNotEnforcedAtEnd)}]");
        foreach (var failure in Failures.Take(10))
        {
            text.AppendLine(c, $"  failure ({failure.Phase}): {failure.Error}");
        }

        return text.ToString();
    }
}
