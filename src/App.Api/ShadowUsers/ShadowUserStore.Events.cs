using System.Text;
using App.Api.Database;
using Npgsql;
using NpgsqlTypes;

namespace App.Api.ShadowUsers;

public sealed partial class ShadowUserStore
{
    private static readonly Dictionary<UserField, (string Column, NpgsqlDbType Type)> Columns = new()
    {
        [UserField.Email] = ("email", NpgsqlDbType.Varchar),
        [UserField.Name] = ("name", NpgsqlDbType.Varchar),
        [UserField.Image] = ("image", NpgsqlDbType.Text),
        [UserField.EmailVerified] = ("email_verified", NpgsqlDbType.Boolean),
        [UserField.Banned] = ("banned", NpgsqlDbType.Boolean),
        [UserField.BanReason] = ("ban_reason", NpgsqlDbType.Text),
        [UserField.BanExpires] = ("ban_expires", NpgsqlDbType.TimestampTz),
    };

    /// <summary>
    /// One of Auther's user events, in the caller's (the inbox's) transaction: upserts the row unless it holds a newer
    /// state (<see cref="Precedence.AutherStateApplies"/>: out of order, stale) or the user is tombstoned (a late
    /// event never resurrects a deleted user; only a <c>user.created</c> newer than the deletion lifts the tombstone:
    /// a re-created account in Auther keeps its id). An event about the user means Auther has them: a block for "gone
    /// from Auther" ends. True when the row changed; the change is announced in the same statement.
    /// </summary>
    public async Task<bool> ApplyEventAsync(UserEvent change, CancellationToken cancellationToken)
    {
        var upsert = Upsert(change);

        // One round trip: the user's lock, then (each statement on its own snapshot, so after the lock) the
        // tombstone check and the upsert.
        await using (var batch = db.Batch(UserLock.Statement(change.Id)))
        {
            if (change.Created)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM user_tombstones WHERE user_id = @id AND COALESCE(event_at, deleted_at) < @event_at")
                    .With("id", change.Id, NpgsqlDbType.Varchar)
                    .With("event_at", change.OccurredAt, NpgsqlDbType.TimestampTz));
            }

            batch.BatchCommands.Add(upsert);
            // Prepared once per physical connection, as every event runs it; not through a transaction-mode pooler,
            // whose next server connection may never have seen the statement.
            if (!database.Value.ThroughPooler)
            {
                await batch.PrepareAsync(cancellationToken);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        // Rows counts what the SELECT returned: one notification, for one changed row.
        return upsert.Rows == 1;
    }

    /// <summary>One statement, so concurrent events for one user cannot interleave between a read and a write.</summary>
    private static NpgsqlBatchCommand Upsert(UserEvent change)
    {
        var columns = new StringBuilder("id, created_at, updated_at, last_event_at, seen_in_auther_at, role, role_set_at");
        var values = new StringBuilder("@id, @created_at, @updated_at, @event_at, @event_at, @role, @role_set_at");
        var updates = new StringBuilder("updated_at = excluded.updated_at, last_event_at = excluded.last_event_at, missing_since = NULL, " +
                                        "seen_in_auther_at = COALESCE(u.seen_in_auther_at, excluded.seen_in_auther_at)");
        if (change.CreatedAt is not null)
        {
            updates.Append(", created_at = excluded.created_at");
        }

        // Deployed Auther's user.created carries no role: a new row gets Auther's default, with no time (nobody stated
        // it), and an existing row keeps its own. A role the event does carry is Auther's, true at the event's time.
        var role = change.Fields.TryGetValue(UserField.Role, out var stated) ? stated as string : null;
        if (change.Fields.ContainsKey(UserField.Role))
        {
            updates.Append(", ").Append(Precedence.RoleFromAuther("excluded.role", "excluded.role_set_at"));
        }

        var command = new NpgsqlBatchCommand()
            .With("id", change.Id, NpgsqlDbType.Varchar)
            .With("created_at", change.CreatedAt ?? change.OccurredAt, NpgsqlDbType.TimestampTz)
            .With("updated_at", change.UpdatedAt ?? change.OccurredAt, NpgsqlDbType.TimestampTz)
            .With("event_at", change.OccurredAt, NpgsqlDbType.TimestampTz)
            .With("role", role ?? (change.Created ? DefaultRole : null), NpgsqlDbType.Varchar)
            .With("role_set_at", role is null ? null : change.OccurredAt, NpgsqlDbType.TimestampTz);
        foreach (var (field, value) in change.Fields)
        {
            if (field == UserField.Role)
            {
                continue;
            }

            var (column, type) = Columns[field];
            columns.Append(", ").Append(column);
            values.Append(", @").Append(column);
            updates.Append(", ").Append(column).Append(" = excluded.").Append(column);
            // A present null boolean means false (the columns are NOT NULL).
            command.With(column, type == NpgsqlDbType.Boolean ? value ?? false : value, type);
        }

        command.CommandText = $"""
            WITH changed AS (
                INSERT INTO users AS u ({columns})
                SELECT {values}
                WHERE NOT EXISTS (SELECT 1 FROM user_tombstones t WHERE t.user_id = @id)
                ON CONFLICT (id) DO UPDATE SET {updates}
                WHERE {Precedence.AutherStateApplies("excluded.last_event_at")}
                RETURNING u.id)
            SELECT {CacheChannel.UserChangedSql("id")} FROM changed
            """;
        return command;
    }
}
