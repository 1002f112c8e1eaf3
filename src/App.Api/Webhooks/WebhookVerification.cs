namespace App.Api.Webhooks;

/// <summary>
/// The result of checking a delivery's signature headers against the raw body, before anything is parsed.
/// <see cref="MessageId"/> is the header's delivery id (signed in the Svix format only).
/// </summary>
public sealed record WebhookVerification(WebhookFormat? Format, string? MessageId, string? Failure, bool OutsideWindow = false)
{
    public bool IsValid => Failure is null;

    public static WebhookVerification Valid(WebhookFormat format, string? messageId) => new(format, messageId, null);

    public static WebhookVerification Invalid(WebhookFormat? format, string failure, bool outsideWindow = false) =>
        new(format, null, failure, outsideWindow);
}
