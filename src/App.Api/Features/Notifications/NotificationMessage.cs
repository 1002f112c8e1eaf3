namespace App.Api.Features.Notifications;

/// <summary>What to tell a user. <see cref="Type"/> is also the key of the user's channel preferences.</summary>
public sealed record NotificationMessage(
    string UserId,
    string Type,
    string Title,
    string? Body = null,
    IReadOnlyDictionary<string, string?>? Data = null,
    Guid? OrganizationId = null);

/// <summary>What <see cref="NotificationService.StoreAsync"/> wrote, and the push still to send once it is committed.</summary>
public sealed record NotificationDelivery(NotificationMessage Message, Guid? NotificationId, IReadOnlyList<PushTarget> PushTargets);

/// <summary>One registered device of the user (a row of <c>push_tokens</c>).</summary>
public sealed record PushTarget(Guid TokenId, string Token, string Platform);

public sealed record PushMessage(string Type, string Title, string? Body, Guid? NotificationId);
