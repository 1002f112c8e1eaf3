using App.Data;
using App.Data.Webhooks;
using NpgsqlTypes;

namespace App.Api.Webhooks;

/// <summary>
/// The idempotency inbox (<c>webhook_events</c>), keyed by message id. Claiming inserts the row inside
/// the event's own transaction: a second delivery of the same id, on any instance, blocks on that key
/// until the first commits and then finds it taken. Only a failed event can be claimed again.
/// </summary>
public sealed class WebhookInbox(AppDbContext db, TimeProvider time)
{
    /// <summary>
    /// Claims <paramref name="message"/> for processing in the current transaction. False means the id is
    /// already applied, stale, ignored or rejected: a duplicate.
    /// </summary>
    public async Task<bool> ClaimAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO webhook_events AS e (message_id, type, format, event_id, event_at, payload, received_at, status, attempts)
            VALUES (@id, @type, @format, @event_id, @event_at, @payload, @now, 'received', 1)
            ON CONFLICT (message_id) DO UPDATE SET attempts = e.attempts + 1, status = 'received'
            WHERE e.status = 'failed'
            """;
        var claimed = await Insert(sql, message.MessageId, message.Format, message.Envelope.Type, message.Payload)
            .With("event_id", message.Envelope.Id, NpgsqlDbType.Varchar)
            .With("event_at", message.Envelope.OccurredAt, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken);
        return claimed == 1;
    }

    /// <summary>Marks the claimed row with its outcome, in the same transaction as the effects.</summary>
    public Task CompleteAsync(string messageId, WebhookOutcome outcome, CancellationToken cancellationToken) =>
        db.Command("UPDATE webhook_events SET status = @status, processed_at = @now WHERE message_id = @id")
            .With("id", messageId, NpgsqlDbType.Varchar)
            .With("status", Status(outcome), NpgsqlDbType.Varchar)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken);

    /// <summary>
    /// Records a failed attempt in a transaction of its own, after the event's transaction rolled back.
    /// Never downgrades a row another delivery has applied meanwhile.
    /// </summary>
    public Task RecordFailureAsync(WebhookMessage message, string error, CancellationToken cancellationToken) =>
        RecordAsync(message.MessageId, message.Format, message.Envelope.Type, message.Envelope.Id, message.Envelope.OccurredAt,
            message.Payload, WebhookEventStatus.Failed, error, cancellationToken);

    /// <summary>Records a delivery whose content could not be used (its own transaction).</summary>
    public Task RecordRejectedAsync(string messageId, WebhookFormat format, string type, string? eventId, DateTimeOffset? eventAt,
        string payload, string error, CancellationToken cancellationToken) =>
        RecordAsync(messageId, format, type, eventId, eventAt, payload, WebhookEventStatus.Rejected, error, cancellationToken);

    private async Task RecordAsync(string messageId, WebhookFormat format, string type, string? eventId, DateTimeOffset? eventAt,
        string payload, string status, string error, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO webhook_events AS e (message_id, type, format, event_id, event_at, payload, received_at, processed_at, status, attempts, last_error)
            VALUES (@id, @type, @format, @event_id, @event_at, @payload, @now, @now, @status, 1, @error)
            ON CONFLICT (message_id) DO UPDATE
                SET status = excluded.status, last_error = excluded.last_error, processed_at = excluded.processed_at, attempts = e.attempts + 1
            WHERE e.status = 'failed'
            """;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await Insert(sql, messageId, format, type, payload)
            .With("event_id", eventId, NpgsqlDbType.Varchar)
            .With("event_at", eventAt, NpgsqlDbType.TimestampTz)
            .With("status", status, NpgsqlDbType.Varchar)
            .With("error", Truncate(error), NpgsqlDbType.Varchar)
            .RunAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private Npgsql.NpgsqlCommand Insert(string sql, string messageId, WebhookFormat format, string type, string payload) =>
        db.Command(sql)
            .With("id", messageId, NpgsqlDbType.Varchar)
            .With("type", type.Length > 100 ? type[..100] : type, NpgsqlDbType.Varchar)
            .With("format", format.Name(), NpgsqlDbType.Varchar)
            // PostgreSQL text cannot hold NUL; only an unparseable body can contain one.
            .With("payload", payload.Replace('\0', '\uFFFD'), NpgsqlDbType.Text)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz);

    private static string Status(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Applied => WebhookEventStatus.Applied,
        WebhookOutcome.Stale => WebhookEventStatus.Stale,
        WebhookOutcome.Ignored => WebhookEventStatus.Ignored,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Handlers end as applied, stale or ignored."),
    };

    private static string Truncate(string error) =>
        error.Length <= WebhookEvent.LastErrorMaxLength ? error : error[..WebhookEvent.LastErrorMaxLength];
}
