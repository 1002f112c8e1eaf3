using System.Globalization;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Api.ShadowUsers;

/// <summary>
/// Cross-instance cache invalidation over PostgreSQL LISTEN/NOTIFY, and the only place its two messages are
/// spelled: <c>user:&lt;id&gt;</c> (a shadow row changed or was deleted) and <c>jti:&lt;exp&gt;:&lt;jti&gt;</c> (a token
/// joined the deny-list). NOTIFY is transactional: a message sent inside a transaction reaches listeners only if
/// and when it commits, so a change and its invalidation never disagree. Every instance, the sender included,
/// listens on <see cref="Name"/>.
/// </summary>
public static class CacheChannel
{
    public const string Name = "app_cache";

    private const string UserPrefix = "user:";
    private const string TokenPrefix = "jti:";
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>A user's shadow row changed or was deleted (profile, role, ban, block, token cut-off, tombstone).</summary>
    public static string UserChanged(string userId) => UserPrefix + userId;

    /// <summary>The same message built by PostgreSQL from <paramref name="idColumn"/>, for statements that announce every row they change.</summary>
    public static string UserChangedSql(string idColumn) => $"pg_notify('{Name}', '{UserPrefix}' || {idColumn})";

    /// <summary>A token id joined the deny-list; its expiry (unix seconds) travels with it, so listeners need no read.</summary>
    public static string TokenRevoked(string jti, DateTimeOffset expiresAt) => $"{TokenPrefix}{expiresAt.ToUnixTimeSeconds()}:{jti}";

    public static bool TryParseUserChanged(string payload, out string userId)
    {
        userId = payload.StartsWith(UserPrefix, StringComparison.Ordinal) ? payload[UserPrefix.Length..] : string.Empty;
        return userId.Length > 0;
    }

    public static bool TryParseTokenRevoked(string payload, out string jti, out DateTimeOffset expiresAt)
    {
        (jti, expiresAt) = (string.Empty, default);
        if (!payload.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var separator = payload.IndexOf(':', TokenPrefix.Length);
        // Stryker disable once Equality: with "<" a separator right after the prefix leaves an empty number, which the parse below
        // refuses too (the disable also covers ">", which tests kill; kept apart from the parse so its mutants still count).
        if (separator <= TokenPrefix.Length)
        {
            return false;
        }

        if (!long.TryParse(payload.AsSpan(TokenPrefix.Length, separator - TokenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture,
                out var seconds) || seconds > MaxUnixSeconds)
        {
            return false;
        }

        (jti, expiresAt) = (payload[(separator + 1)..], DateTimeOffset.FromUnixTimeSeconds(seconds));
        return true;
    }

    /// <summary>Sends <paramref name="payload"/> on the channel, in the context's current transaction if there is one.</summary>
    public static Task NotifyAsync(this AppDbContext db, string payload, CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({Name}, {payload})", cancellationToken);
}
