namespace App.Web.Data;

/// <summary>
/// A signed-in browser session, server-side: the cookie holds only the key. The row holds the authentication
/// ticket (claims and Auther's tokens), encrypted with the shared data-protection keys. Deleting the row ends
/// the session on every instance, whatever copies of the cookie exist.
/// </summary>
public sealed class WebSession
{
    public const int KeyHashLength = 64;

    /// <summary>An Auther user id: the API's <c>TextLimits.Identifier</c> (this app does not reference App.Data).</summary>
    public const int UserIdMaxLength = 255;

    /// <summary>SHA-256 hex of the key in the cookie: the table alone does not let anyone present a session.</summary>
    public required string KeyHash { get; set; }

    public string? UserId { get; set; }

    public required byte[] Ticket { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
