using System.Text.RegularExpressions;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Shared;
using Auther.Dev.State;
using Auther.Dev.Webhooks;

namespace Auther.Dev.Users;

/// <summary>The user store. Every change emits the webhook Auther would (deployed mode never sends <c>user.deleted</c>).</summary>
internal sealed partial class UserService(StateStore state, EventPublisher events, ServerInfo server, TimeProvider time)
{
    public AutherUser? Find(string id) => state.Read(d => d.Users.FirstOrDefault(u => u.Id == id));

    public AutherUser? FindByEmail(string email) =>
        state.Read(d => d.Users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)));

    public IReadOnlyList<AutherUser> All => state.Read(d => d.Users.ToList());

    public (IReadOnlyList<AutherUser> Page, int Total) List(int? limit, int? offset) => state.Read(d =>
    {
        IEnumerable<AutherUser> page = d.Users.OrderBy(u => u.CreatedAt).Skip(Math.Max(0, offset ?? 0));
        if (limit is { } take)
        {
            page = page.Take(Math.Max(0, take));
        }

        return ((IReadOnlyList<AutherUser>)page.ToList(), d.Users.Count);
    });

    public static bool IsValidEmail(string? email) => email is not null && EmailPattern().IsMatch(email);

    public AutherUser Create(string email, string name, string? id = null, string? role = null, bool emailVerified = false, string? image = null)
    {
        if (!IsValidEmail(email))
        {
            throw new AutherDevException(400, "INVALID_EMAIL", "Invalid email");
        }

        var now = Now();
        var user = new AutherUser
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
            events.Publish("user.created", UserEvents.Created(user));
            return user;
        });
    }

    public AutherUser Ban(string userId, string? reason, long? expiresInSeconds) => Update(userId, adminEdit: true, user => user with
    {
        Banned = true,
        BanReason = reason ?? "No reason",
        BanExpires = expiresInSeconds is { } seconds ? Now().AddSeconds(seconds) : null,
    });

    public AutherUser Unban(string userId) =>
        Update(userId, adminEdit: true, user => user with { Banned = false, BanReason = null, BanExpires = null });

    public AutherUser Update(string userId, bool adminEdit, Func<AutherUser, AutherUser> change) => state.Change(d =>
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
        events.Publish("user.updated", UserEvents.Updated(updated, adminEdit));
        return updated;
    });

    public void Remove(string userId) => state.Change(d =>
    {
        if (d.Users.RemoveAll(u => u.Id == userId) == 0)
        {
            throw NotFound();
        }

        d.KnownDevices.Remove(userId);
        if (server.Mode == AutherMode.Documented)
        {
            events.Publish("user.deleted", UserEvents.Deleted(userId));
        }

        return 0;
    });

    public static AutherDevException NotFound() => new(404, "USER_NOT_FOUND", "User not found");

    private DateTimeOffset Now() => AutherJson.ToMilliseconds(time.GetUtcNow());

    // Roughly zod's email check: something@something.tld, no spaces.
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
