namespace App.Api.Webhooks;

/// <summary>One inbox row as an operator sees it (no payload: it holds personal data).</summary>
public sealed record WebhookEventSummary(
    string MessageId,
    string Type,
    string Format,
    string Status,
    string? EventId,
    DateTimeOffset? EventAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ProcessedAt,
    int Attempts,
    string? LastError);

/// <summary>What a replay did: <see cref="Outcome"/> is applied, stale, ignored, duplicate, rejected or failed.</summary>
public sealed record WebhookReplay(WebhookReplayStatus Status, string MessageId, string? Outcome = null, string? Detail = null);

public enum WebhookReplayStatus
{
    Replayed,
    NotFound,
    NotReplayable,
}
