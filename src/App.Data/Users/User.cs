namespace App.Data.Users;

/// <summary>
/// The shadow row: a thin local copy of an Auther user, keyed by Auther's user id so that every
/// existing foreign key to <c>users</c> keeps working. Auther is the source of truth for all of it.
/// </summary>
public sealed class User
{
    public const int IdMaxLength = TextLimits.Identifier;

    public required string Id { get; set; }
    public string? Email { get; set; }
    public string? Name { get; set; }
    public string? Image { get; set; }
    public bool EmailVerified { get; set; }
    public string? Role { get; set; }
    public bool Banned { get; set; }
    public string? BanReason { get; set; }
    public DateTimeOffset? BanExpires { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>Tokens issued (iat) before this instant are refused: "revoke all of this user's tokens".</summary>
    public DateTimeOffset? TokensRevokedBefore { get; set; }

    /// <summary>Timestamp of the newest Auther event applied to this row; older events must not overwrite it.</summary>
    public DateTimeOffset? LastEventAt { get; set; }

    /// <summary>
    /// When Auther's state last set <see cref="Role"/> (the time of the change in Auther: an event carrying a role,
    /// the poll, reconciliation, the lookup of a new user). A token issued before it no longer decides its caller's
    /// role; null while the role came only from tokens or a default.
    /// </summary>
    public DateTimeOffset? RoleSetAt { get; set; }

    /// <summary>
    /// Set when reconciliation confirmed that Auther no longer lists this user and was told to block rather
    /// than delete: the user's tokens are refused (account deleted) while the data stays. Cleared when Auther
    /// lists the user again.
    /// </summary>
    public DateTimeOffset? MissingSince { get; set; }

    /// <summary>
    /// When the app first saw this user in Auther: Auther's state was applied to the row (an event, the poll, a
    /// reconciliation listing, an admin action answered by Auther) or the row was provisioned from an Auther token.
    /// Null for a row known only locally (a legacy user not imported yet): reconciliation never blocks or deletes
    /// such a row for being absent from Auther, it reports it.
    /// </summary>
    public DateTimeOffset? SeenInAutherAt { get; set; }
}
