namespace App.Api.Webhooks;

/// <summary>
/// One family of Auther events. Runs inside the inbox transaction on the request's scoped DbContext:
/// everything it writes commits with the inbox row, or not at all. Returns Applied, Stale or Ignored;
/// throws <see cref="WebhookPayloadException"/> for content it cannot use.
/// </summary>
public interface IWebhookHandler
{
    Task<WebhookOutcome> HandleAsync(WebhookContext context, CancellationToken cancellationToken);
}
