using App.Api.Features.Users;

namespace App.Api.Webhooks.Handlers;

/// <summary>
/// <c>user.deleted</c>, in the inbox transaction: the shared <see cref="UserDeletion"/>, ordered by the
/// event's timestamp (an old deletion never removes a newer re-creation: stale).
/// </summary>
public sealed class UserDeletedHandler(UserDeletion deletion) : IWebhookHandler
{
    public async Task<WebhookOutcome> HandleAsync(WebhookContext context, CancellationToken cancellationToken) =>
        await deletion.DeleteAsync(EventData.Required(context.Data, "id"), context.OccurredAt, cancellationToken)
            ? WebhookOutcome.Applied
            : WebhookOutcome.Stale;
}
