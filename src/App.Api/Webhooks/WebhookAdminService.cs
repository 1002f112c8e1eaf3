using System.Text;
using App.Api.Auth;
using App.Api.Audit;
using App.Data;
using App.Data.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Webhooks;

/// <summary>The operator's view of the inbox: list recent events, replay a failed one (audited).</summary>
public sealed class WebhookAdminService(AppDbContext db, WebhookProcessor processor, AuditTrail audit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Newest first; page with <paramref name="before"/> = the last row's <c>receivedAt</c>.</summary>
    public async Task<IReadOnlyList<WebhookEventSummary>> ListAsync(string? status, DateTimeOffset? before, int? limit, CancellationToken cancellationToken)
    {
        var query = db.WebhookEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(status))
        {
            query = query.Where(e => e.Status == status);
        }

        if (before is { } cursor)
        {
            query = query.Where(e => e.ReceivedAt < cursor);
        }

        return await query
            .OrderByDescending(e => e.ReceivedAt).ThenBy(e => e.MessageId)
            .Take(Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit))
            .Select(e => new WebhookEventSummary(e.MessageId, e.Type, e.Format, e.Status, e.EventId, e.EventAt, e.ReceivedAt,
                e.ProcessedAt, e.Attempts, e.LastError))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Runs a failed event again from its stored payload, through the same inbox transaction as a
    /// delivery. Only failed events: the others are settled, and replaying them would change nothing.
    /// </summary>
    public async Task<WebhookReplay> ReplayAsync(string messageId, Principal actor, CancellationToken cancellationToken)
    {
        var row = await db.WebhookEvents.AsNoTracking().FirstOrDefaultAsync(e => e.MessageId == messageId, cancellationToken);
        if (row is null)
        {
            return new WebhookReplay(WebhookReplayStatus.NotFound, messageId);
        }

        if (row.Status != WebhookEventStatus.Failed)
        {
            return new WebhookReplay(WebhookReplayStatus.NotReplayable, messageId, Detail: $"The event is {row.Status}; only failed events can be replayed.");
        }

        if (row.Payload == WebhookEvent.ScrubbedPayload)
        {
            return new WebhookReplay(WebhookReplayStatus.NotReplayable, messageId, Detail: "The event's user was deleted and its payload scrubbed; there is nothing to replay.");
        }

        var envelope = WebhookEnvelopeParser.Parse(Encoding.UTF8.GetBytes(row.Payload));
        var result = await processor.ProcessAsync(
            new WebhookMessage(row.MessageId, WebhookFormatNames.Parse(row.Format), envelope, row.Payload), cancellationToken);

        audit.Record(actor, "webhook.replay", messageId, new { type = row.Type, outcome = result.Outcome.Name() });
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookReplay(WebhookReplayStatus.Replayed, messageId, result.Outcome.Name(), result.Detail);
    }
}
