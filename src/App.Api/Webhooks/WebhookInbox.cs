using App.Api.Database;
using App.Api.StorableText;
using App.Data;
using App.Data.Webhooks;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace App.Api.Webhooks;

/// <summary>
/// The idempotency inbox (<c>webhook_events</c>), keyed by message id. The row is written LAST in the
/// event's own transaction, after the handler's effects and before the commit: a second delivery of
/// the same id (on any instance) then blocks on that key until the first commits, finds it taken and
/// rolls back everything it did. Only a failed row can be taken over by a later delivery or replay.
/// </summary>
public sealed class WebhookInbox(AppDbContext db, IOptions<DatabaseOptions> database, TimeProvider time)
{
    /// <summary>
    /// A late event about a user who is already deleted (tombstoned) is settled without its payload, as
    /// <see cref="ShadowUsers.ShadowUserStore.DeleteAsync"/> scrubs the ones stored before the deletion.
    /// </summary>
    private const string PayloadUnlessUserDeleted =
        "CASE WHEN @user_id IS NOT NULL AND EXISTS (SELECT 1 FROM user_tombstones WHERE user_id = @user_id) THEN @scrubbed ELSE @payload END";

    /// <summary>
    /// Records <paramref name="outcome"/> for <paramref name="message"/> in the current transaction.
    /// False means the id was already settled (applied, stale, ignored or rejected): a duplicate, whose
    /// transaction must be rolled back.
    /// </summary>
    public async Task<bool> SettleAsync(WebhookMessage message, WebhookOutcome outcome, CancellationToken cancellationToken)
    {
        const string sql = $"""
            INSERT INTO webhook_events AS e (message_id, type, format, event_id, event_at, user_id, payload, received_at, processed_at, status, attempts)
            VALUES (@id, @type, @format, @event_id, @event_at, @user_id, {PayloadUnlessUserDeleted}, @now, @now, @status, 1)
            ON CONFLICT (message_id) DO UPDATE SET status = excluded.status, processed_at = excluded.processed_at, attempts = e.attempts + 1
            WHERE e.status = 'failed'
            """;
        var settled = await Insert(sql, message.MessageId, message.Format, message.Envelope.Type, message.Envelope.UserId, message.Payload)
            .With("event_id", message.Envelope.Id, NpgsqlDbType.Varchar)
            .With("event_at", message.Envelope.OccurredAt, NpgsqlDbType.TimestampTz)
            .With("status", Status(outcome), NpgsqlDbType.Varchar)
            .RunPreparedAsync(prepare: !database.Value.ThroughPooler, cancellationToken);
        return settled == 1;
    }

    /// <summary>
    /// Records a failed attempt in a transaction of its own, after the event's transaction rolled back.
    /// Never downgrades a row another delivery has applied meanwhile.
    /// </summary>
    public Task RecordFailureAsync(WebhookMessage message, string error, CancellationToken cancellationToken) =>
        RecordAsync(message, WebhookEventStatus.Failed, error, cancellationToken);

    /// <summary>Records a parsed event whose content could not be used (its own transaction).</summary>
    public Task RecordRejectedAsync(WebhookMessage message, string error, CancellationToken cancellationToken) =>
        RecordAsync(message, WebhookEventStatus.Rejected, error, cancellationToken);

    /// <summary>Records a delivery whose body could not be parsed into an envelope (its own transaction).</summary>
    public Task RecordUnparseableAsync(string messageId, WebhookFormat format, string payload, string error, CancellationToken cancellationToken) =>
        RecordAsync(messageId, format, WebhookMetrics.UnknownTag, null, null, null, payload, WebhookEventStatus.Rejected, error, cancellationToken);

    private Task RecordAsync(WebhookMessage message, string status, string error, CancellationToken cancellationToken) =>
        RecordAsync(message.MessageId, message.Format, message.Envelope.Type, message.Envelope.Id, message.Envelope.OccurredAt,
            message.Envelope.UserId, message.Payload, status, error, cancellationToken);

    private async Task RecordAsync(string messageId, WebhookFormat format, string type, string? eventId, DateTimeOffset? eventAt,
        string? userId, string payload, string status, string error, CancellationToken cancellationToken)
    {
        const string sql = $"""
            INSERT INTO webhook_events AS e (message_id, type, format, event_id, event_at, user_id, payload, received_at, processed_at, status, attempts, last_error)
            VALUES (@id, @type, @format, @event_id, @event_at, @user_id, {PayloadUnlessUserDeleted}, @now, @now, @status, 1, @error)
            ON CONFLICT (message_id) DO UPDATE
                SET status = excluded.status, last_error = excluded.last_error, processed_at = excluded.processed_at, attempts = e.attempts + 1
            WHERE e.status = 'failed'
            """;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await Insert(sql, messageId, format, type, userId, payload)
            .With("event_id", InputText.Clean(eventId, TextLimits.Identifier), NpgsqlDbType.Varchar)
            .With("event_at", eventAt, NpgsqlDbType.TimestampTz)
            .With("status", status, NpgsqlDbType.Varchar)
            .With("error", InputText.Clean(error, WebhookEvent.LastErrorMaxLength), NpgsqlDbType.Varchar)
            .RunAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private Npgsql.NpgsqlCommand Insert(string sql, string messageId, WebhookFormat format, string type, string? userId, string payload) =>
        db.Command(sql)
            // A rejected event may carry text no column can hold: it is recorded cleaned, so the operator still sees it.
            .With("id", InputText.Clean(messageId, TextLimits.Identifier), NpgsqlDbType.Varchar)
            .With("type", InputText.Clean(type, 100), NpgsqlDbType.Varchar)
            .With("format", format.Name(), NpgsqlDbType.Varchar)
            .With("user_id", InputText.Clean(userId, TextLimits.Identifier), NpgsqlDbType.Varchar)
            .With("payload", InputText.Clean(payload.Replace('\0', '\uFFFD'), int.MaxValue), NpgsqlDbType.Text)
            .With("scrubbed", WebhookEvent.ScrubbedPayload, NpgsqlDbType.Text)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz);

    private static string Status(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Applied => WebhookEventStatus.Applied,
        WebhookOutcome.Stale => WebhookEventStatus.Stale,
        WebhookOutcome.Ignored => WebhookEventStatus.Ignored,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Handlers end as applied, stale or ignored."),
    };
}
