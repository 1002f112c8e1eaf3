using App.Api.ShadowUsers;

namespace App.Api.Webhooks.Handlers;

/// <summary>
/// <c>user.created</c> and <c>user.updated</c>: tells the shadow-user store what Auther said, at the event's time;
/// the store decides whether it is newer than what the row holds (else stale) and announces the change.
/// </summary>
public sealed class UserUpsertHandler(ShadowUserStore store) : IWebhookHandler
{
    public async Task<WebhookOutcome> HandleAsync(WebhookContext context, CancellationToken cancellationToken) =>
        await store.ApplyEventAsync(UserProfile.From(context.Data, context.OccurredAt, created: context.Envelope.Type == "user.created"), cancellationToken)
            ? WebhookOutcome.Applied
            : WebhookOutcome.Stale;
}
