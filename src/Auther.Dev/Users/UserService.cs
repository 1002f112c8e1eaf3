using System.Text.RegularExpressions;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Shared;
using Auther.Dev.State;
using Auther.Dev.Webhooks;

namespace Auther.Dev.Users;

/// <summary>
/// The user store. Profile changes and admin edits emit the webhooks Auther would; in deployed mode the
/// operator's actions (ban, unban, role change, removal) emit nothing, as deployed Auther's admin plugin does not.
/// </summary>
internal sealed partial class UserService(StateStore state, EventPublisher events, ServerInfo server, TimeProvider time)
{
    public UserAccount? Find(string id) => state.Read(d => d.Users.FirstOrDefault(u => u.Id == id));

    public UserAccount? FindByEmail(string email) =>
        state.Read(d => d.Users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)));

    public IReadOnlyList<UserAccount> All => state.Read(d => d.Users.ToList());

    public static bool IsValidEmail(string? email) => email is not null && EmailPattern().IsMatch(email);

    public UserAccount Create(string email, string name, string? id = null, string? role = null, bool emailVerified = false, string? image = null, string? password = null)
    {
        if (!IsValidEmail(email))
        {
            throw new AutherDevException(400, "INVALID_EMAIL", "Invalid email");
        }

        var now = Now();
        var user = new UserAccount
        {
            Id = string.IsNullOrEmpty(id) ? Ids.New() : id,
            Email = email.ToLowerInvariant(),
            Name = name,
            EmailVerified = emailVerified,
            Image = image,
            Role = string.IsNullOrEmpty(role) ? "user" : role,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var hash = password is null ? null : PasswordHasher.Hash(password);
        return state.Change(d =>
        {
            if (d.Users.Any(u => string.Equals(u.Email, user.Email, StringComparison.OrdinalIgnoreCase)))
            {
                throw new AutherDevException(400, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "User already exists. Use another email.");
            }

            if (d.Users.Any(u => u.Id == user.Id))
            {
                throw new AutherDevException(400, "USER_ALREADY_EXISTS", "User already exists.");
            }

            d.Users.Add(user);
            if (hash is not null)
            {
                d.PasswordHashes[user.Id] = hash;
            }

            events.Publish("user.created", UserEvents.Created(user));
            return user;
        });
    }

    /// <summary>The user whose email and password match, or <c>null</c> (unknown email and wrong password look alike).</summary>
    public UserAccount? FindByPassword(string email, string password)
    {
        var (user, hash) = state.Read(d =>
        {
            var found = d.Users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
            return (found, found is null ? null : d.PasswordHashes.GetValueOrDefault(found.Id));
        });
        return user is not null && PasswordHasher.Verify(password, hash) ? user : null;
    }

    /// <summary>Sets a new password; every session of the user ends, as a password change does in Auther.</summary>
    public void SetPassword(string userId, string password)
    {
        var hash = PasswordHasher.Hash(password);
        state.Change(d =>
        {
            if (!d.Users.Any(u => u.Id == userId))
            {
                throw NotFound();
            }

            d.PasswordHashes[userId] = hash;
            return d.Sessions.RemoveAll(s => s.UserId == userId);
        });
    }

    /// <summary>Bans; the user's sessions end (issued JWTs stay valid). Documented mode announces it as an admin edit.</summary>
    public UserAccount Ban(string userId, string? reason, long? expiresInSeconds) => Change(userId, OperatorEvent, user => user with
    {
        Banned = true,
        BanReason = reason ?? "No reason",
        BanExpires = expiresInSeconds is { } seconds ? Now().AddSeconds(seconds) : null,
    }, endSessions: true);

    public UserAccount Unban(string userId) =>
        Change(userId, OperatorEvent, user => user with { Banned = false, BanReason = null, BanExpires = null });

    public UserAccount SetRole(string userId, string role) => Change(userId, OperatorEvent, user => user with { Role = role });

    /// <summary>An edit by the user (profile) or through admin update-user: both announce <c>user.updated</c> in every mode.</summary>
    public UserAccount Update(string userId, bool adminEdit, Func<UserAccount, UserAccount> change) =>
        Change(userId, user => events.Publish("user.updated", UserEvents.Updated(user, adminEdit)), change);

    public void Remove(string userId) => state.Change(d =>
    {
        if (d.Users.RemoveAll(u => u.Id == userId) == 0)
        {
            throw NotFound();
        }

        d.KnownDevices.Remove(userId);
        d.PasswordHashes.Remove(userId);
        d.Sessions.RemoveAll(s => s.UserId == userId);
        if (server.Mode == AutherMode.Documented)
        {
            events.Publish("user.deleted", UserEvents.Deleted(userId));
        }

        return 0;
    });

    /// <summary>Ends every session of the user; no event in any mode.</summary>
    public int EndSessions(string userId) => state.Change(d =>
        d.Users.Any(u => u.Id == userId) ? d.Sessions.RemoveAll(s => s.UserId == userId) : throw NotFound());

    public static AutherDevException NotFound() => new(404, "USER_NOT_FOUND", "User not found");

    private void OperatorEvent(UserAccount user)
    {
        if (server.Mode == AutherMode.Documented)
        {
            events.Publish("user.updated", UserEvents.Updated(user, adminEdit: true));
        }
    }

    private UserAccount Change(string userId, Action<UserAccount> announce, Func<UserAccount, UserAccount> change, bool endSessions = false) => state.Change(d =>
    {
        var index = d.Users.FindIndex(u => u.Id == userId);
        if (index < 0)
        {
            throw NotFound();
        }

        var updated = change(d.Users[index]) with { UpdatedAt = Now() };
        if (!IsValidEmail(updated.Email))
        {
            throw new AutherDevException(400, "INVALID_EMAIL", "Invalid email");
        }

        d.Users[index] = updated;
        if (endSessions)
        {
            d.Sessions.RemoveAll(s => s.UserId == userId);
        }

        announce(updated);
        return updated;
    });

    private DateTimeOffset Now() => AutherJson.ToMilliseconds(time.GetUtcNow());

    // Roughly zod's email check: something@something.tld, no spaces.
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
