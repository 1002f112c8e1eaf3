namespace App.Api.Network;

/// <summary>Request budgets (section <c>RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>
    /// Count budgets in the shared database, so every instance behind a load balancer draws on the same one
    /// (one small statement per rate-limited request). Off: each instance counts in memory.
    /// </summary>
    public bool Shared { get; set; } = true;

    /// <summary>Budget of the <see cref="RateLimitPolicies.PerIp"/> policy, per client address.</summary>
    public FixedWindowBudget PerIp { get; set; } = new();
}

public sealed class FixedWindowBudget
{
    public int PermitLimit { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
