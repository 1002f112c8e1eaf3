namespace App.Data.LegacySessions;

/// <summary>The pre-Auther session store, read by the dual-mode cut-over until it is drained.</summary>
public sealed class LegacySession
{
    /// <summary>SHA-256 of the session token, lowercase hex: the token itself is never stored.</summary>
    public required string TokenHash { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
