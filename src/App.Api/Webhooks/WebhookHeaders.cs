namespace App.Api.Webhooks;

/// <summary>
/// The signature headers of the two formats (<see cref="WebhookFormat"/>), read by <see cref="WebhookVerifier"/> and
/// declared on the webhook operation of the OpenAPI document. Svix sends <c>svix-*</c>, Standard Webhooks
/// <c>webhook-*</c> (same meaning); Auther's native format <c>x-webhook-*</c>.
/// </summary>
public static class WebhookHeaders
{
    public const string Id = "webhook-id";
    public const string Timestamp = "webhook-timestamp";
    public const string Signature = "webhook-signature";
    public const string SvixId = "svix-id";
    public const string SvixTimestamp = "svix-timestamp";
    public const string SvixSignature = "svix-signature";
    public const string NativeId = "x-webhook-id";
    public const string NativeTimestamp = "x-webhook-timestamp";
    public const string NativeSignature = "x-webhook-signature";
}
