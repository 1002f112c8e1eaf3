namespace App.Api.Errors;

/// <summary>
/// An expected failure that is not the caller's mistake in the handler's own terms, thrown from deep in a
/// service (an Auther outage, a configuration problem) and turned into one ProblemDetails answer.
/// Handlers return their own 400/404/409 results instead of throwing.
/// </summary>
public class ProblemException(int status, string title, string? detail = null, Exception? inner = null)
    : Exception(detail ?? title, inner)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;

    /// <summary>Sent as <c>Retry-After</c> (seconds) when set.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A short stable code clients can switch on (<c>auther_unavailable</c>...).</summary>
    public string? Code { get; init; }
}
