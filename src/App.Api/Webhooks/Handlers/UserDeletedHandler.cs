using App.Api.ShadowUsers;

namespace App.Api.Webhooks.Handlers;

/// <summary>
/// <c>user.deleted</c>, in the inbox transaction: the store's deletion, ordered by the event's timestamp (an old
/// deletion never removes a newer re-creation: stale).
/// </summary>
public sealed class UserDeletedHandler(ShadowUserStore store) : IWebhookHandler
{
    public async Task<WebhookOutcome> HandleAsync(WebhookContext context, CancellationToken cancellationToken) =>
        await store.DeleteAsync(EventData.Required(context.Data, "id"), context.OccurredAt, cancellationToken)
            ? WebhookOutcome.Applied
            : WebhookOutcome.Stale;
}
