namespace App.Api.Webhooks;

/// <summary>
/// A verified, parsed delivery. <see cref="MessageId"/> is the dedup key: the signed <c>svix-id</c> /
/// <c>webhook-id</c>, or the signed envelope id in the native format (where it equals <c>x-webhook-id</c>).
/// </summary>
public sealed record WebhookMessage(string MessageId, WebhookFormat Format, WebhookEnvelope Envelope, string Payload);
