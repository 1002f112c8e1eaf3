using Microsoft.EntityFrameworkCore;

namespace App.Web.Sessions;

/// <summary>
/// The web instances' notice board, over PostgreSQL LISTEN/NOTIFY: the payload is a session's key hash, sent when
/// the session is signed out or its ticket renewed, so every instance drops its cached copy. NOTIFY is
/// transactional: sent in the transaction that deletes or updates the row, it reaches listeners when (and only if)
/// that change commits, so no instance can re-read the old row after evicting.
/// </summary>
public static class SessionChannel
{
    public const string Name = "web_sessions";

    /// <summary>Sends <paramref name="keyHash"/> on the channel, in the context's current transaction.</summary>
    public static Task NotifyAsync(this DbContext db, string keyHash, CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({Name}, {keyHash})", cancellationToken);
}
