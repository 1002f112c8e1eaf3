using App.Api.Webhooks.Handlers;
using App.Data.Notifications;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Webhooks;

/// <summary>
/// session.created / security.new_device_login send the "new device sign-in" notification once per
/// (user, device), through the notification service and the user's preferences.
/// </summary>
public sealed class NewDeviceNotificationTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    [Fact]
    public async Task NewDevice_NotifiesInAppAndByPush_OnceHoweverManyEventsAnnounceIt()
    {
        var (userId, token) = await UserWithPushTokenAsync();

        (await api.DeliverAsync(SessionCreated(userId, "198.51.100.23", "Firefox/130"))).ShouldBe("applied");
        (await api.DeliverAsync(NewDeviceLogin(userId, "198.51.100.23", "Firefox/130"))).ShouldBe("applied");
        (await api.DeliverAsync(SessionCreated(userId, "198.51.100.99", "Firefox/130"))).ShouldBe("applied");

        var notifications = await Notifications(userId);
        notifications.Count.ShouldBe(1);
        notifications[0].Type.ShouldBe(NewDeviceHandler.NotificationType);
        notifications[0].Title.ShouldBe("New sign-in to your account");
        notifications[0].Data!.ShouldContain("198.51.100.23");
        var pushes = api.Push.SentTo(token);
        pushes.Count.ShouldBe(1);
        pushes[0].Message.NotificationId.ShouldBe(notifications[0].Id);
    }

    [Fact]
    public async Task AnotherDevice_IsNotifiedToo()
    {
        var (userId, _) = await UserWithPushTokenAsync();

        await api.DeliverAsync(SessionCreated(userId, "198.51.100.23", "Firefox/130"));
        await api.DeliverAsync(SessionCreated(userId, "198.51.100.23", "Safari/18"));
        await api.DeliverAsync(NewDeviceLogin(userId, "2001:db8:1::1", "Firefox/130"));
        await api.DeliverAsync(NewDeviceLogin(userId, "2001:db8:1::ffff", "Firefox/130"));

        (await Notifications(userId)).Count.ShouldBe(3);
        (await api.QueryAsync(db => db.KnownDevices.CountAsync(d => d.UserId == userId))).ShouldBe(3);
    }

    [Theory]
    [InlineData(false, true, 0, 1)]
    [InlineData(true, false, 1, 0)]
    [InlineData(false, false, 0, 0)]
    public async Task Preferences_DecideTheChannels(bool inApp, bool push, int expectedRows, int expectedPushes)
    {
        var (userId, token) = await UserWithPushTokenAsync();
        await using (var db = api.CreateDbContext())
        {
            db.NotificationPreferences.Add(new NotificationPreference
            {
                UserId = userId, Type = NewDeviceHandler.NotificationType, InApp = inApp, Push = push, Email = true, UpdatedAt = DateTimeOffset.UtcNow,
            });
            db.NotificationPreferences.Add(new NotificationPreference { UserId = userId, Type = "other.type", InApp = true, Push = true, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        (await api.DeliverAsync(NewDeviceLogin(userId, "192.0.2.1", "Edge/120", platform: "windows"))).ShouldBe("applied");

        (await Notifications(userId)).Count.ShouldBe(expectedRows);
        api.Push.SentTo(token).Count.ShouldBe(expectedPushes);
        (await api.QueryAsync(db => db.KnownDevices.CountAsync(d => d.UserId == userId))).ShouldBe(1);
    }

    [Theory]
    [InlineData("192.0.2.1", "Edge/120", "windows", "from windows (192.0.2.1).")]
    [InlineData("192.0.2.1", "Edge/120", null, "from Edge/120 (192.0.2.1).")]
    [InlineData(null, null, null, "from an unknown device.")]
    public async Task TheNotification_SaysWhichDeviceAndWhere_AndWhen(string? ip, string? userAgent, string? platform, string from)
    {
        var (userId, _) = await UserWithPushTokenAsync();
        var evt = NewDeviceLogin(userId, ip, userAgent, platform);

        (await api.DeliverAsync(evt)).ShouldBe("applied");

        var notification = (await Notifications(userId)).ShouldHaveSingleItem();
        notification.Body.ShouldBe($"Your account was signed in to {from} If this was not you, change your password.");
        using var data = System.Text.Json.JsonDocument.Parse(notification.Data!);
        data.RootElement.GetProperty("ipAddress").GetString().ShouldBe(ip);
        data.RootElement.GetProperty("userAgent").GetString().ShouldBe(userAgent);
        data.RootElement.GetProperty("platform").GetString().ShouldBe(platform);
        data.RootElement.GetProperty("signedInAt").GetString().ShouldBe(evt.OccurredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task AKnownDevice_SeenAgain_MovesItsLastSignInForward_NeverBack()
    {
        var (userId, _) = await UserWithPushTokenAsync();
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());

        await api.DeliverAsync(NewDeviceLogin(userId, "192.0.2.1", "Edge/120", at: t0));
        (await api.DeliverAsync(NewDeviceLogin(userId, "192.0.2.1", "Edge/120", at: t0.AddSeconds(10)))).ShouldBe("applied");
        (await api.DeliverAsync(NewDeviceLogin(userId, "192.0.2.1", "Edge/120", at: t0.AddSeconds(5)))).ShouldBe("applied");

        var device = await api.QueryAsync(db => db.KnownDevices.SingleAsync(d => d.UserId == userId));
        (device.FirstSeenAt, device.LastSeenAt).ShouldBe((t0, t0.AddSeconds(10)));
        (await Notifications(userId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task UnknownUser_IsAcknowledgedAndIgnored()
    {
        var userId = TestData.NewUserId();

        (await api.DeliverAsync(SessionCreated(userId, "192.0.2.1", "Edge/120"))).ShouldBe("ignored");

        (await api.QueryAsync(db => db.KnownDevices.AnyAsync(d => d.UserId == userId))).ShouldBeFalse();
    }

    [Fact]
    public async Task ASignIn_WaitsForTheUsersLock_SoItNeverInterleavesWithAnotherEventOfTheUser()
    {
        var (userId, _) = await UserWithPushTokenAsync();
        await using var held = await LockWaits.HoldUserLockAsync(api, userId);

        var delivery = api.DeliverAsync(SessionCreated(userId, "192.0.2.7", "Firefox/130"));
        var waiting = await LockWaits.WaitsForTheUserLockAsync(held, userId, delivery);

        waiting.ShouldBeTrue("the sign-in went ahead while another transaction held the user's lock");
        await held.CloseAsync();
        (await delivery).ShouldBe("applied");
        (await Notifications(userId)).Count.ShouldBe(1);
    }

    private async Task<(string UserId, string Token)> UserWithPushTokenAsync()
    {
        var user = await api.AddUserAsync();
        var token = "push-" + Guid.NewGuid().ToString("N");
        await using var db = api.CreateDbContext();
        db.PushTokens.Add(new PushToken { Id = Guid.NewGuid(), UserId = user.Id, Token = token, Platform = "android", CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return (user.Id, token);
    }

    private Task<List<Notification>> Notifications(string userId) =>
        api.QueryAsync(db => db.Notifications.Where(n => n.UserId == userId).ToListAsync());

    private static AutherEvent SessionCreated(string userId, string ip, string userAgent) => AutherEvent.Create("session.created", new
    {
        id = "sess_" + Guid.NewGuid().ToString("N"), userId, expiresAt = DateTimeOffset.UtcNow.AddDays(7), ipAddress = ip, userAgent,
    });

    private static AutherEvent NewDeviceLogin(string userId, string? ip, string? userAgent, string? platform = null, DateTimeOffset? at = null) =>
        AutherEvent.Create("security.new_device_login", new { userId, ipAddress = ip, userAgent, platform }, at);
}
