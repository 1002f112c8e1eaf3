using App.Data;
using App.Data.AuditLogs;
using NpgsqlTypes;

namespace App.Api.Webhooks.Handlers;

/// <summary>
/// <c>user.deleted</c>, in the inbox transaction: keep the user's audit history with their e-mail and name
/// scrubbed (and the submitter name kept on their expenses), delete the shadow row so owned rows cascade
/// or are set null as the schema says, drop the user's rows of the grants mirror, record the tombstone
/// that keeps the user deleted, and evict them from every instance's caches on commit.
/// </summary>
public sealed class UserDeletedHandler(AppDbContext db, TimeProvider time) : IWebhookHandler
{
    public async Task<WebhookOutcome> HandleAsync(WebhookContext context, CancellationToken cancellationToken)
    {
        var userId = EventData.Required(context.Data, "id");
        await UserLock.AcquireAsync(db, userId, cancellationToken);

        // A row holding a newer event is a re-created account whose creation overtook this old deletion.
        var newer = await db.Command("SELECT EXISTS (SELECT 1 FROM users WHERE id = @id AND last_event_at > @event_at)")
            .With("id", userId, NpgsqlDbType.Varchar)
            .With("event_at", context.OccurredAt, NpgsqlDbType.TimestampTz)
            .ScalarAsync<bool>(cancellationToken);
        if (newer)
        {
            return WebhookOutcome.Stale;
        }

        // Order matters: expenses.submitted_by is set null by the delete, so scrub the name before it.
        await Run("UPDATE audit_logs SET actor_email = @scrubbed, actor_name = @scrubbed WHERE actor_id = @id", userId, cancellationToken);
        await Run("UPDATE expenses SET submitter_name = @scrubbed WHERE submitted_by = @id AND submitter_name IS NOT NULL", userId, cancellationToken);
        await Run("DELETE FROM auth_relations WHERE subject_type = 'user' AND subject_id = @id", userId, cancellationToken);
        await Run("DELETE FROM users WHERE id = @id", userId, cancellationToken);
        await db.Command("""
                INSERT INTO user_tombstones AS t (user_id, deleted_at, event_at) VALUES (@id, @now, @event_at)
                ON CONFLICT (user_id) DO UPDATE SET deleted_at = excluded.deleted_at, event_at = GREATEST(t.event_at, excluded.event_at)
                """)
            .With("id", userId, NpgsqlDbType.Varchar)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz)
            .With("event_at", context.OccurredAt, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken);
        await db.NotifyAsync(CacheChannel.UserChanged(userId), cancellationToken);
        return WebhookOutcome.Applied;
    }

    private Task<int> Run(string sql, string userId, CancellationToken cancellationToken)
    {
        var command = db.Command(sql).With("id", userId, NpgsqlDbType.Varchar);
        if (sql.Contains("@scrubbed", StringComparison.Ordinal))
        {
            command.With("scrubbed", AuditLog.Scrubbed, NpgsqlDbType.Varchar);
        }

        return command.RunAsync(cancellationToken);
    }
}
