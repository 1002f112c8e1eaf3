namespace App.Api.Network;

/// <summary>Named rate-limit policies, for <c>.RequireRateLimiting(RateLimitPolicies.PerIp)</c>.</summary>
public static class RateLimitPolicies
{
    /// <summary>For anonymous endpoints (sign-up): a fixed budget per client address (the forwarded one behind a known proxy).</summary>
    public const string PerIp = "per-ip";
}
