using App.Data;
using NpgsqlTypes;

namespace App.Api.Webhooks.Handlers;

/// <summary>
/// Serialises every event about one user, across instances, until the transaction ends. Without it an
/// upsert racing a delete could re-insert the row the delete just removed (the upsert would not yet see
/// the tombstone), resurrecting a deleted user.
/// </summary>
internal static class UserLock
{
    public static Task AcquireAsync(AppDbContext db, string userId, CancellationToken cancellationToken) =>
        db.Command("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))")
            .With("key", "user:" + userId, NpgsqlDbType.Text)
            .RunAsync(cancellationToken);
}
