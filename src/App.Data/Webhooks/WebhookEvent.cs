namespace App.Data.Webhooks;

/// <summary>
/// The idempotency inbox: one row per delivery id, whatever the number of deliveries. It keeps the raw
/// payload, the outcome and the last error so that an operator can see and replay what failed.
/// </summary>
public sealed class WebhookEvent
{
    public const int LastErrorMaxLength = 2000;

    /// <summary>
    /// What <see cref="Payload"/> becomes once the user the event is about has been deleted: the inbox
    /// must not keep a deleted user's e-mail and name for its whole retention period.
    /// </summary>
    public const string ScrubbedPayload = """{"scrubbed":"the user was deleted"}""";

    public required string MessageId { get; set; }
    public required string Type { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>When the last processing attempt ended (applied, stale, ignored, rejected or failed).</summary>
    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>One of <see cref="WebhookEventStatus"/>.</summary>
    public required string Status { get; set; }

    /// <summary><c>svix</c> (Standard Webhooks) or <c>native</c> (Auther's own headers).</summary>
    public required string Format { get; set; }

    /// <summary>The envelope's <c>id</c>; differs from <see cref="MessageId"/> in the Svix format.</summary>
    public string? EventId { get; set; }

    /// <summary>The envelope's <c>timestamp</c>: the ordering key. Null when the body could not be parsed.</summary>
    public DateTimeOffset? EventAt { get; set; }

    /// <summary>
    /// The user the event is about, when it names one (<c>data.id</c> of <c>user.*</c>, the user subject of
    /// <c>grant.*</c>, <c>data.userId</c> otherwise): deleting that user scrubs <see cref="Payload"/>.
    /// </summary>
    public string? UserId { get; set; }

    /// <summary>
    /// The raw body as received (JSON, or form-encoded for native form deliveries), or
    /// <see cref="ScrubbedPayload"/> once <see cref="UserId"/> was deleted.
    /// </summary>
    public required string Payload { get; set; }

    /// <summary>Processing attempts, counting deliveries of a failed event and operator replays.</summary>
    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

public static class WebhookEventStatus
{
    public const string Received = "received";
    public const string Applied = "applied";
    public const string Stale = "stale";
    public const string Ignored = "ignored";
    public const string Rejected = "rejected";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Received, Applied, Stale, Ignored, Rejected, Failed];
}
