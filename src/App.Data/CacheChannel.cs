using Microsoft.EntityFrameworkCore;

namespace App.Data;

/// <summary>
/// Cross-instance cache invalidation over PostgreSQL LISTEN/NOTIFY. NOTIFY is transactional: a message
/// sent inside a transaction reaches listeners only if and when it commits, so a change and its
/// invalidation can never disagree. Every instance (including the sender) listens on <see cref="Name"/>.
/// </summary>
public static class CacheChannel
{
    public const string Name = "app_cache";

    /// <summary>A user's shadow row changed or was deleted (profile, ban, token cut-off, tombstone).</summary>
    public static string UserChanged(string userId) => "user:" + userId;

    /// <summary>A token id was added to the deny-list; the expiry (unix seconds) travels with it so listeners need no read.</summary>
    public static string TokenRevoked(string jti, DateTimeOffset expiresAt) => $"jti:{expiresAt.ToUnixTimeSeconds()}:{jti}";

    /// <summary>Sends <paramref name="payload"/> on the channel, in the context's current transaction if there is one.</summary>
    public static Task NotifyAsync(this DbContext db, string payload, CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({Name}, {payload})", cancellationToken);
}
