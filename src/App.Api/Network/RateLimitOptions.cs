namespace App.Api.Network;

/// <summary>Request budgets (section <c>RateLimits</c>), counted per instance.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Budget of the <see cref="RateLimitPolicies.PerIp"/> policy, per client address.</summary>
    public FixedWindowBudget PerIp { get; set; } = new();
}

public sealed class FixedWindowBudget
{
    public int PermitLimit { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
