using Auther.Dev.Hosting;
using Auther.Dev.Users;

namespace Auther.Dev.Operator;

/// <summary>
/// What a person does in Auther's admin UI, for tests of "changed in Auther, the app was not told". Each change
/// sets <c>updatedAt</c>; in deployed mode none emits a webhook (as deployed Auther), in documented mode they
/// announce themselves as the guide says (<c>user.updated</c>, <c>user.deleted</c>). Ban, removal and
/// <see cref="RevokeSessions"/> end the user's sessions; tokens already issued stay valid.
/// </summary>
public sealed class AutherOperator
{
    private readonly AutherDevCore _core;

    internal AutherOperator(AutherDevCore core) => _core = core;

    /// <summary>Bans the user (<c>banned</c>, <c>banReason</c>, <c>banExpires</c>, <c>updatedAt</c>) and ends their sessions.</summary>
    /// <exception cref="AutherDevException">404 <c>USER_NOT_FOUND</c>.</exception>
    public UserAccount Ban(string userId, string? reason = null, TimeSpan? expiresIn = null) =>
        _core.Users.Ban(userId, reason, expiresIn is { } e ? (long)e.TotalSeconds : null);

    /// <summary>Lifts the ban.</summary>
    public UserAccount Unban(string userId) => _core.Users.Unban(userId);

    /// <summary>Deletes the user with their sessions and password (deployed: no <c>user.deleted</c>).</summary>
    public void Remove(string userId) => _core.Users.Remove(userId);

    /// <summary>Sets the role (comma-joined when several, e.g. <c>"admin"</c>).</summary>
    public UserAccount SetRole(string userId, string role) => _core.Users.SetRole(userId, role);

    /// <summary>Ends every session of the user (an admin's included: its signed cookie stops working). Returns how many ended.</summary>
    public int RevokeSessions(string userId) => _core.Users.EndSessions(userId);
}
