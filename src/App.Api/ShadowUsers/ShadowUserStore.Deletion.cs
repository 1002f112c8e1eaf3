using App.Api.Database;
using App.Data;
using App.Data.AuditLogs;
using App.Data.Webhooks;
using NpgsqlTypes;

namespace App.Api.ShadowUsers;

public sealed partial class ShadowUserStore
{
    /// <summary>
    /// Auther deleted <paramref name="userId"/> (its <c>user.deleted</c> event at <paramref name="eventAt"/>), or
    /// reconciliation was told to delete users Auther no longer has (no time). The one way both do it, inside the
    /// caller's transaction and under the per-user lock: hand over the organizations they alone owned
    /// (<see cref="HandOverSoleOwnershipsAsync"/>), keep the user's audit history with their e-mail and name
    /// scrubbed (and the submitter name kept on their expenses), delete the shadow row so owned rows cascade or are
    /// set null as the schema says, drop the user's rows of the grants mirror, scrub the stored payloads of the
    /// user's webhook events, record the tombstone that keeps the user deleted, and evict them from every
    /// instance's caches on commit. With a time, a row holding a newer state (an account re-created in Auther
    /// whose creation overtook this old deletion) is left alone: returns false.
    /// </summary>
    public async Task<bool> DeleteAsync(string userId, DateTimeOffset? eventAt, CancellationToken cancellationToken)
    {
        await UserLock.AcquireAsync(db, userId, cancellationToken);
        if (eventAt is { } occurred)
        {
            var newer = await db.Command($"SELECT EXISTS (SELECT 1 FROM users AS u WHERE u.id = @id AND NOT {Precedence.AutherStateApplies("@event_at")})")
                .With("id", userId, NpgsqlDbType.Varchar)
                .With("event_at", occurred, NpgsqlDbType.TimestampTz)
                .ScalarAsync<bool>(cancellationToken);
            if (newer)
            {
                return false;
            }
        }

        // Order matters: the delete cascades the user's memberships, so sole ownerships are handed over before it,
        // and it sets expenses.submitted_by null, so the name is scrubbed before it.
        await HandOverSoleOwnershipsAsync(userId, cancellationToken);
        await RunDeletionStepAsync("UPDATE audit_logs SET actor_email = @scrubbed, actor_name = @scrubbed WHERE actor_id = @id", userId, cancellationToken);
        await RunDeletionStepAsync("UPDATE expenses SET submitter_name = @scrubbed WHERE submitted_by = @id AND submitter_name IS NOT NULL", userId, cancellationToken);
        await RunDeletionStepAsync("DELETE FROM auth_relations WHERE subject_type = 'user' AND subject_id = @id", userId, cancellationToken);
        await ScrubWebhookPayloadsAsync(userId, eventAt, cancellationToken);
        await RunDeletionStepAsync("DELETE FROM users WHERE id = @id", userId, cancellationToken);
        await db.Command("""
                INSERT INTO user_tombstones AS t (user_id, deleted_at, event_at) VALUES (@id, @now, @event_at)
                ON CONFLICT (user_id) DO UPDATE SET deleted_at = excluded.deleted_at, event_at = GREATEST(t.event_at, excluded.event_at)
                """)
            .With("id", userId, NpgsqlDbType.Varchar)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz)
            .With("event_at", eventAt, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken);
        await db.NotifyAsync(CacheChannel.UserChanged(userId), cancellationToken);
        return true;
    }

    /// <summary>
    /// The inbox keeps raw payloads for replay, and they hold the user's e-mail and name: scrub those of the
    /// user's events up to the deletion. An older event still failed is settled as stale, since nothing about
    /// a deleted user is left to apply (the deletion's own failed row, being retried now, stays failed so this
    /// retry can settle it). Events newer than the deletion (a re-created account) keep their payloads.
    /// </summary>
    private Task<int> ScrubWebhookPayloadsAsync(string userId, DateTimeOffset? eventAt, CancellationToken cancellationToken) =>
        db.Command($"""
                UPDATE webhook_events
                SET payload = @scrubbed,
                    status = CASE WHEN {OlderFailedEvent} THEN '{WebhookEventStatus.Stale}' ELSE status END,
                    last_error = CASE WHEN {OlderFailedEvent} THEN @deleted ELSE last_error END
                WHERE user_id = @id AND payload <> @scrubbed AND (@event_at IS NULL OR event_at <= @event_at)
                """)
            .With("id", userId, NpgsqlDbType.Varchar)
            .With("scrubbed", WebhookEvent.ScrubbedPayload, NpgsqlDbType.Text)
            .With("deleted", "The user was deleted before this event could be applied.", NpgsqlDbType.Varchar)
            .With("event_at", eventAt, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken);

    private const string OlderFailedEvent = $"status = '{WebhookEventStatus.Failed}' AND (@event_at IS NULL OR event_at < @event_at)";

    private Task<int> RunDeletionStepAsync(string sql, string userId, CancellationToken cancellationToken)
    {
        var command = db.Command(sql).With("id", userId, NpgsqlDbType.Varchar);
        // Stryker disable once String: with "" every step gets the parameter, and a named parameter the SQL does not use is ignored.
        if (sql.Contains("@scrubbed", StringComparison.Ordinal))
        {
            command.With("scrubbed", AuditLog.Scrubbed, NpgsqlDbType.Varchar);
        }

        return command.RunAsync(cancellationToken);
    }
}
