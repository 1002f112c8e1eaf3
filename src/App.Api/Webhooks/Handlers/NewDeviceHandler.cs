using App.Api.Database;
using App.Api.Features.Notifications;
using App.Data;
using NpgsqlTypes;

namespace App.Api.Webhooks.Handlers;

/// <summary>
/// <c>security.new_device_login</c> (documented) and <c>session.created</c> (deployed, every sign-in):
/// a sign-in from a device not seen before for that user sends the "new device sign-in" notification
/// through the notification service, exactly as the local better-auth hook did; only the trigger moved.
/// One notification per (user, device), however many events announce the same sign-in.
/// </summary>
public sealed class NewDeviceHandler(AppDbContext db, NotificationService notifications) : IWebhookHandler
{
    public const string NotificationType = "security.login_new_device";

    public async Task<WebhookOutcome> HandleAsync(WebhookContext context, CancellationToken cancellationToken)
    {
        var userId = EventData.Required(context.Data, "userId");
        var ipAddress = EventData.String(context.Data, "ipAddress");
        var userAgent = EventData.String(context.Data, "userAgent");
        var platform = EventData.String(context.Data, "platform");

        await UserLock.AcquireAsync(db, userId, cancellationToken);
        var known = await db.Command("SELECT EXISTS (SELECT 1 FROM users WHERE id = @id)")
            .With("id", userId, NpgsqlDbType.Varchar)
            .ScalarAsync<bool>(cancellationToken);
        if (!known)
        {
            // No shadow row yet (or deleted): nobody to notify; the first request will provision the user.
            return WebhookOutcome.Ignored;
        }

        var hash = DeviceFingerprint.Hash(userAgent, ipAddress);
        var isNew = await db.Command("""
                INSERT INTO known_devices (user_id, device_hash, first_seen_at, last_seen_at) VALUES (@id, @hash, @at, @at)
                ON CONFLICT (user_id, device_hash) DO NOTHING
                """)
            .With("id", userId, NpgsqlDbType.Varchar)
            .With("hash", hash, NpgsqlDbType.Char)
            .With("at", context.OccurredAt, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken) == 1;
        if (!isNew)
        {
            await db.Command("UPDATE known_devices SET last_seen_at = GREATEST(last_seen_at, @at) WHERE user_id = @id AND device_hash = @hash")
                .With("id", userId, NpgsqlDbType.Varchar)
                .With("hash", hash, NpgsqlDbType.Char)
                .With("at", context.OccurredAt, NpgsqlDbType.TimestampTz)
                .RunAsync(cancellationToken);
            return WebhookOutcome.Applied;
        }

        var device = platform ?? userAgent ?? "an unknown device";
        var delivery = await notifications.StoreAsync(new NotificationMessage(
            userId,
            NotificationType,
            "New sign-in to your account",
            $"Your account was signed in to from {device}{(ipAddress is null ? string.Empty : $" ({ipAddress})")}. If this was not you, change your password.",
            new Dictionary<string, string?>
            {
                ["ipAddress"] = ipAddress,
                ["userAgent"] = userAgent,
                ["platform"] = platform,
                ["signedInAt"] = context.OccurredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            }), cancellationToken);
        context.AfterCommit(ct => notifications.PushAsync(delivery, ct));
        return WebhookOutcome.Applied;
    }
}
