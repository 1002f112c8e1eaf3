namespace App.Api.Webhooks;

/// <summary>
/// A delivery whose signature is good but whose content is not a usable event (malformed JSON, a
/// missing field). Answered 400 and recorded as rejected: retrying the same bytes cannot succeed.
/// </summary>
public sealed class WebhookPayloadException(string message) : Exception(message);
