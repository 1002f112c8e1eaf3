namespace App.Api.Webhooks;

/// <summary>
/// The result of checking a delivery's signature headers against the raw body, before anything is parsed.
/// <see cref="MessageId"/> is the header's delivery id (signed in the Svix format only); <see cref="SignedAt"/> the
/// signature's verified timestamp.
/// </summary>
public sealed record WebhookVerification(WebhookFormat? Format, string? MessageId, string? Failure, bool OutsideWindow = false)
{
    public bool IsValid => Failure is null;

    public DateTimeOffset? SignedAt { get; init; }

    public static WebhookVerification Valid(WebhookFormat format, string? messageId, DateTimeOffset signedAt) =>
        new(format, messageId, null) { SignedAt = signedAt };

    public static WebhookVerification Invalid(WebhookFormat? format, string failure, bool outsideWindow = false) =>
        new(format, null, failure, outsideWindow);
}
