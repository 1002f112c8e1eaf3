namespace App.Data.Tokens;

/// <summary>A jti deny-list entry. It is useless once the token itself has expired, so it goes then too.</summary>
public sealed class RevokedToken
{
    public required string Jti { get; set; }
    public string? UserId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset RevokedAt { get; set; }
}
