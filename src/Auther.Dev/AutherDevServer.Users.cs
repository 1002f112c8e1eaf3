using Auther.Dev.Grants;
using Auther.Dev.Operator;
using Auther.Dev.Sessions;
using Auther.Dev.Users;

namespace Auther.Dev;

public sealed partial class AutherDevServer
{
    /// <summary>Every user.</summary>
    public IReadOnlyList<UserAccount> Users => _core.Users.All;

    /// <summary>Every grant tuple.</summary>
    public IReadOnlyList<GrantTuple> Grants => _core.Grants.All;

    /// <summary>The user with this id, or <c>null</c>.</summary>
    public UserAccount? FindUser(string userId) => _core.Users.Find(userId);

    /// <summary>
    /// Creates a user (keeping <paramref name="id"/> when given) and emits <c>user.created</c>. With a
    /// <paramref name="password"/> (kept as a salted hash) the user can sign in: see <see cref="SignInWithPassword"/>.
    /// </summary>
    /// <exception cref="AutherDevException">400 <c>USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL</c> or <c>INVALID_EMAIL</c>.</exception>
    public UserAccount CreateUser(string email, string? name = null, string? id = null, string role = "user", bool emailVerified = true, string? password = null) =>
        _core.Users.Create(email, name ?? email.Split('@')[0], id, role, emailVerified, password: password);

    /// <summary>What an operator does in Auther's admin UI (ban, unban, remove, set-role, revoke sessions): silent in deployed mode.</summary>
    public AutherOperator Operator => new(_core);

    /// <summary>
    /// Bans a user and ends their sessions; the same as <see cref="AutherOperator.Ban"/>. Documented mode emits
    /// <c>user.updated</c> with the ban fields; deployed mode emits nothing. Tokens already issued stay valid, as in Auther.
    /// </summary>
    public UserAccount Ban(string userId, string? reason = null, TimeSpan? expiresIn = null) => Operator.Ban(userId, reason, expiresIn);

    /// <summary>Lifts a ban; emits <c>user.updated</c> in documented mode only.</summary>
    public UserAccount Unban(string userId) => Operator.Unban(userId);

    /// <summary>Deletes a user; emits <c>user.deleted</c> in documented mode only (deployed Auther never sends it).</summary>
    public void Remove(string userId) => Operator.Remove(userId);

    /// <summary>A profile change by the user; emits <c>user.updated</c> with the profile fields.</summary>
    public UserAccount UpdateProfile(string userId, string? name = null, string? email = null, bool? emailVerified = null, string? image = null) =>
        _core.Users.Update(userId, adminEdit: false, user => user with
        {
            Name = name ?? user.Name,
            Email = email?.ToLowerInvariant() ?? user.Email,
            EmailVerified = emailVerified ?? user.EmailVerified,
            Image = image ?? user.Image,
        });

    /// <summary>A sign-in from a device: <c>session.created</c>, plus <c>security.new_device_login</c> for a device not seen before (documented mode).</summary>
    public SignInResult SignIn(string userId, string userAgent, string ipAddress) => _core.SignIns.SignIn(userId, userAgent, ipAddress);

    /// <summary>Grants a relation; emits <c>grant.created</c> and, for users in documented mode, <c>access.granted</c>.</summary>
    public GrantTuple Grant(string userId, string entityType, string entityId, string relation, bool hasCondition = false, string? clientId = null, string subjectType = "user") =>
        _core.Grants.Grant(subjectType, userId, entityType, entityId, relation, hasCondition, clientId);

    /// <summary>Revokes a relation; emits <c>grant.revoked</c> and, for users in documented mode, <c>access.revoked</c>.</summary>
    public GrantTuple Revoke(string userId, string entityType, string entityId, string relation, string? clientId = null, string subjectType = "user") =>
        _core.Grants.Revoke(subjectType, userId, entityType, entityId, relation, clientId);
}
