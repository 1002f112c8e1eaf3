using App.Data;
using Npgsql;
using NpgsqlTypes;

namespace App.Api.Database;

/// <summary>
/// Serialises every change to one user (webhook events, reconciliation), across instances, until the transaction ends. Without it an
/// upsert racing a delete could re-insert the row the delete just removed (the upsert would not yet see
/// the tombstone), resurrecting a deleted user.
/// </summary>
public static class UserLock
{
    private const string Sql = "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))";

    public static Task AcquireAsync(AppDbContext db, string userId, CancellationToken cancellationToken) =>
        db.Command(Sql).With("key", Key(userId), NpgsqlDbType.Text).RunAsync(cancellationToken);

    /// <summary>The same lock as the first statement of a batch: the statements after it start after it is held.</summary>
    public static NpgsqlBatchCommand Statement(string userId) => new NpgsqlBatchCommand(Sql).With("key", Key(userId), NpgsqlDbType.Text);

    private static string Key(string userId) => "user:" + userId;
}
