using System.Text.Json;
using App.Data;
using App.Data.Notifications;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Features.Notifications;

/// <summary>
/// Sends a notification to a user through the channels their preferences allow for its type (no
/// preference row means every channel is on): the in-app channel writes a <c>notifications</c> row,
/// the push channel sends to each of the user's <c>push_tokens</c>. There is no e-mail sender in the
/// app, so the e-mail preference is kept but has nothing to drive yet.
/// </summary>
public sealed class NotificationService(AppDbContext db, IPushSender pushSender, TimeProvider time, ILogger<NotificationService> logger)
{
    /// <summary>Stores and pushes at once, for callers that are not inside a transaction of their own.</summary>
    public async Task<NotificationDelivery> SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        var delivery = await StoreAsync(message, cancellationToken);
        await PushAsync(delivery, cancellationToken);
        return delivery;
    }

    /// <summary>
    /// Writes the in-app row in the caller's transaction (if any) and finds the push targets, but sends
    /// nothing: a push cannot be rolled back, so a transactional caller calls <see cref="PushAsync"/>
    /// after its commit.
    /// </summary>
    public async Task<NotificationDelivery> StoreAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        var preference = await db.NotificationPreferences.AsNoTracking()
            .Where(p => p.UserId == message.UserId && p.Type == message.Type)
            .Select(p => new { p.InApp, p.Push })
            .FirstOrDefaultAsync(cancellationToken);

        Guid? notificationId = null;
        if (preference?.InApp ?? true)
        {
            var notification = new Notification
            {
                Id = Guid.CreateVersion7(),
                UserId = message.UserId,
                OrganizationId = message.OrganizationId,
                Type = message.Type,
                Title = message.Title,
                Body = message.Body,
                Data = message.Data is null ? null : JsonSerializer.Serialize(message.Data),
                CreatedAt = time.GetUtcNow(),
            };
            db.Notifications.Add(notification);
            await db.SaveChangesAsync(cancellationToken);
            notificationId = notification.Id;
        }

        IReadOnlyList<PushTarget> targets = [];
        if (preference?.Push ?? true)
        {
            targets = await db.PushTokens.AsNoTracking()
                .Where(t => t.UserId == message.UserId)
                .OrderBy(t => t.CreatedAt)
                .Select(t => new PushTarget(t.Id, t.Token, t.Platform))
                .ToListAsync(cancellationToken);
        }

        return new NotificationDelivery(message, notificationId, targets);
    }

    /// <summary>
    /// For a handler whose change is already committed: the change stands whatever happens here, so a
    /// failure (the database gone a moment later) is logged rather than turned into an error answer.
    /// </summary>
    public async Task SendAfterCommitAsync(IEnumerable<NotificationMessage> messages)
    {
        foreach (var message in messages)
        {
            try
            {
                await SendAsync(message, CancellationToken.None);
            }
            catch (Exception ex)
            {
                db.ChangeTracker.Clear();
                logger.LogWarning("Notification {NotificationType} for {UserId} not sent: {Reason}", message.Type, message.UserId, ex.Message);
            }
        }
    }

    /// <summary>Best effort: one unreachable device must not stop the others, nor fail the caller.</summary>
    public async Task PushAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        var push = new PushMessage(delivery.Message.Type, delivery.Message.Title, delivery.Message.Body, delivery.NotificationId);
        foreach (var target in delivery.PushTargets)
        {
            try
            {
                await pushSender.SendAsync(target, push, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Push {NotificationType} to {Platform} device {TokenId} failed", push.Type, target.Platform, target.TokenId);
            }
        }
    }
}
