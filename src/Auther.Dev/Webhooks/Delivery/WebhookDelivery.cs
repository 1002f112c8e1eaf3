namespace Auther.Dev.Webhooks.Delivery;

/// <summary>A snapshot of one event's delivery to one endpoint.</summary>
/// <param name="DeliveryId">This delivery's own id (used by resend).</param>
/// <param name="Id">The event id, repeated on every attempt.</param>
/// <param name="Type">The event type.</param>
/// <param name="EndpointUrl">Where it goes.</param>
/// <param name="Format">How it is signed.</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="LastStatusCode">The last HTTP status answered; <c>null</c> before any, or on a network error.</param>
/// <param name="LastError">The last network error or non-2xx reason.</param>
/// <param name="Timestamp">The event's creation time, unix milliseconds.</param>
/// <param name="Body">The raw body sent (JSON, or the form body).</param>
/// <param name="IsDuplicate">A second copy made by <see cref="AutherDevServer.DeliverTwice"/>.</param>
/// <param name="LastAttemptAt">When the last attempt was made.</param>
public sealed record WebhookDelivery(
    string DeliveryId,
    string Id,
    string Type,
    string EndpointUrl,
    SignatureFormat Format,
    int Attempts,
    DeliveryStatus Status,
    int? LastStatusCode,
    string? LastError,
    long Timestamp,
    string Body,
    bool IsDuplicate,
    DateTimeOffset? LastAttemptAt);
