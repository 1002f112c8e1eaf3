namespace Auther.Dev.Sessions;

/// <summary>A row of better-auth's <c>session</c> table, serialised as <c>get-session</c> answers it.</summary>
/// <param name="Id">Session id.</param>
/// <param name="Token">The raw session token (the cookie carries it signed).</param>
/// <param name="UserId">Whose session.</param>
/// <param name="ExpiresAt">Slides forward on every use.</param>
/// <param name="CreatedAt">Sign-in time.</param>
/// <param name="UpdatedAt">Last use.</param>
/// <param name="IpAddress">Client address at sign-in.</param>
/// <param name="UserAgent">Client user agent at sign-in.</param>
internal sealed record StoredSession(
    string Id,
    string Token,
    string UserId,
    DateTimeOffset ExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? IpAddress,
    string? UserAgent);
