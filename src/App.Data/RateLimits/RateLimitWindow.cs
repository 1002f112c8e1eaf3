namespace App.Data.RateLimits;

/// <summary>
/// One client's use of one fixed window of a rate-limit policy, shared by every instance (the in-memory
/// limiter would give each instance behind a load balancer its own budget). Rows of past windows are
/// deleted as the client's next window starts, and by a periodic sweep.
/// </summary>
public sealed class RateLimitWindow
{
    public const int KeyMaxLength = 200;

    /// <summary>Policy and client, e.g. <c>per-ip:203.0.113.7</c>.</summary>
    public required string Key { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public int Used { get; set; }
}
