using App.Api.Auth.ShadowUsers;
using App.Api.Data;
using System.Text;
using App.Data;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace App.Api.Webhooks.Handlers;

/// <summary>
/// <c>user.created</c> and <c>user.updated</c>: upsert the shadow row, unless the row already holds a
/// newer event (out of order: stale) or the user is tombstoned (a late event never resurrects a
/// deleted user; only a <c>user.created</c> newer than the deletion lifts the tombstone). A change is
/// announced on the cache channel in the same transaction, so a ban reaches every instance's cache on commit.
/// </summary>
public sealed class UserUpsertHandler(AppDbContext db, IOptions<DatabaseOptions> database) : IWebhookHandler
{
    public async Task<WebhookOutcome> HandleAsync(WebhookContext context, CancellationToken cancellationToken)
    {
        var profile = UserProfile.From(context.Data);
        var upsert = Upsert(profile, context.OccurredAt, created: context.Envelope.Type == "user.created");

        // One round trip: the user's lock, then (each statement on its own snapshot, so after the lock)
        // the tombstone check and the upsert.
        await using (var batch = db.Batch(UserLock.Statement(profile.Id)))
        {
            if (context.Envelope.Type == "user.created")
            {
                // A re-created account in Auther keeps its id: its creation is newer than the deletion.
                batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM user_tombstones WHERE user_id = @id AND COALESCE(event_at, deleted_at) < @event_at")
                    .With("id", profile.Id, NpgsqlDbType.Varchar)
                    .With("event_at", context.OccurredAt, NpgsqlDbType.TimestampTz));
            }

            batch.BatchCommands.Add(upsert);
            if (!database.Value.ThroughPooler)
            {
                await batch.PrepareAsync(cancellationToken);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        // Rows counts what the SELECT returned: one notification, for one changed row.
        return upsert.Rows == 1 ? WebhookOutcome.Applied : WebhookOutcome.Stale;
    }

    /// <summary>
    /// One statement, so concurrent events for one user cannot interleave between a read and a write.
    /// Equal timestamps apply in arrival order (the later one wins), as docs/decisions.md says. It announces
    /// the change itself: the same transactional pg_notify as <see cref="CacheChannel.NotifyAsync"/>, on
    /// the same channel with the same payload, only for a row it changed, and without a round trip of its own.
    /// </summary>
    private static NpgsqlBatchCommand Upsert(UserProfile profile, DateTimeOffset eventAt, bool created)
    {
        var columns = new StringBuilder("id, created_at, updated_at, last_event_at");
        var values = new StringBuilder("@id, @created_at, @updated_at, @event_at");
        // An event about the user means Auther has them: a block for "gone from Auther" ends.
        var updates = new StringBuilder("updated_at = excluded.updated_at, last_event_at = excluded.last_event_at, missing_since = NULL");
        var defaultRole = created && profile.Fields.All(f => f.Column != "role");
        if (defaultRole)
        {
            // Deployed Auther's user.created carries no role: a new row gets Auther's default; an existing row keeps its own.
            columns.Append(", role");
            values.Append(", @default_role");
        }
        if (profile.CreatedAt is not null)
        {
            updates.Append(", created_at = excluded.created_at");
        }

        var command = new NpgsqlBatchCommand()
            .With("id", profile.Id, NpgsqlDbType.Varchar)
            .With("created_at", profile.CreatedAt ?? eventAt, NpgsqlDbType.TimestampTz)
            .With("updated_at", profile.UpdatedAt ?? eventAt, NpgsqlDbType.TimestampTz)
            .With("event_at", eventAt, NpgsqlDbType.TimestampTz);
        foreach (var field in profile.Fields)
        {
            columns.Append(", ").Append(field.Column);
            values.Append(", @").Append(field.Column);
            updates.Append(", ").Append(field.Column).Append(" = excluded.").Append(field.Column);
            // A present null boolean means false (the columns are NOT NULL).
            command.With(field.Column, field.Type == NpgsqlDbType.Boolean ? field.Value ?? false : field.Value, field.Type);
        }

        if (defaultRole)
        {
            command.With("default_role", ShadowUserProvisioner.DefaultRole, NpgsqlDbType.Varchar);
        }

        command.With("channel", CacheChannel.Name, NpgsqlDbType.Text)
            .With("payload", CacheChannel.UserChanged(profile.Id), NpgsqlDbType.Text)
            .CommandText = $"""
            WITH changed AS (
                INSERT INTO users AS u ({columns})
                SELECT {values}
                WHERE NOT EXISTS (SELECT 1 FROM user_tombstones t WHERE t.user_id = @id)
                ON CONFLICT (id) DO UPDATE SET {updates}
                WHERE u.last_event_at IS NULL OR u.last_event_at <= excluded.last_event_at
                RETURNING 1)
            SELECT pg_notify(@channel, @payload) FROM changed
            """;
        return command;
    }
}
