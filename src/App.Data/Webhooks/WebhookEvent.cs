namespace App.Data.Webhooks;

/// <summary>The idempotency inbox: one row per delivery id, whatever the number of deliveries.</summary>
public sealed class WebhookEvent
{
    public required string MessageId { get; set; }
    public required string Type { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>One of <see cref="WebhookEventStatus"/>.</summary>
    public required string Status { get; set; }
}

public static class WebhookEventStatus
{
    public const string Received = "received";
    public const string Applied = "applied";
    public const string Stale = "stale";
    public const string Ignored = "ignored";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
}
