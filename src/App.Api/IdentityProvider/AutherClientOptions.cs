namespace App.Api.IdentityProvider;

/// <summary>Timeouts and failure handling of calls to Auther. Section <c>Auther:Client</c>.</summary>
public sealed class AutherClientOptions
{
    public const string SectionName = "Auther:Client";

    /// <summary>One attempt of an admin call (ban, unban, create, remove, list).</summary>
    public TimeSpan AdminTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>One attempt of a /check-permission call: it sits on a request's path, so it is short.</summary>
    public TimeSpan CheckPermissionTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan SignUpTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of calls that are safe to repeat (ban, unban, list, check-permission); never sign-up or create.</summary>
    public int RetryCount { get; set; } = 2;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>After this many failed calls in a row (within the sampling window), Auther calls fail fast...</summary>
    public int BreakerMinimumThroughput { get; set; } = 4;

    /// <summary>...for this long (answered 503 with this as Retry-After).</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
