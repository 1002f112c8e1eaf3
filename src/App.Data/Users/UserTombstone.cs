namespace App.Data.Users;

/// <summary>
/// Remembers that Auther deleted a user, so just-in-time provisioning never brings the row back while
/// the user's old tokens live. A later <c>user.created</c> with a newer event timestamp lifts it.
/// No foreign key: the users row is gone by design.
/// </summary>
public sealed class UserTombstone
{
    public required string UserId { get; set; }
    public DateTimeOffset DeletedAt { get; set; }

    /// <summary>Timestamp of the Auther event that deleted the user (null when reconcile did it).</summary>
    public DateTimeOffset? EventAt { get; set; }
}
