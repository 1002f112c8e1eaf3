using System.Net;
using System.Net.Http.Json;
using App.Api.Features.Notifications;
using App.Data.Notifications;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Features.Notifications;

public sealed class NotificationsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task List_ShowsOnlyMine_NewestFirst_AndFiltersUnread()
    {
        var userId = TestData.NewUserId();
        var me = await api.SignedInAsync(userId);
        var otherId = TestData.NewUserId();
        await api.SignedInAsync(otherId);
        var oldest = await SeedAsync(userId, minutesAgo: 30, read: true);
        var middle = await SeedAsync(userId, minutesAgo: 20);
        var newest = await SeedAsync(userId, minutesAgo: 10);
        await SeedAsync(otherId, minutesAgo: 5);

        var all = await (await me.GetAsync("/api/notifications")).JsonAsync();
        var unread = await (await me.GetAsync("/api/notifications?unread=true")).JsonAsync();

        Ids(all).ShouldBe([newest, middle, oldest]);
        Ids(unread).ShouldBe([newest, middle]);
        all.GetProperty("items")[0].GetProperty("data").GetProperty("device").GetString().ShouldBe("Firefox on Linux");
    }

    [Fact]
    public async Task ATokenWithOnlyTheUserRole_ReachesItsNotifications_AndOneWithAnUnmappedRoleDoesNot()
    {
        var withRole = await api.SignedInAsync(TestData.NewUserId(), role: "user");
        // A role-less token (an OIDC id_token) takes its row's role, which is Auther's default `user`.
        var withoutRole = await api.SignedInAsync(TestData.NewUserId(), role: null);
        var unmapped = await api.SignedInAsync(TestData.NewUserId(), role: "guest");

        using var allowed = await withRole.GetAsync("/api/notifications");
        using var allowedByRow = await withoutRole.GetAsync("/api/notifications");
        using var refused = await unmapped.GetAsync("/api/notifications");

        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        allowedByRow.StatusCode.ShouldBe(HttpStatusCode.OK);
        await ProblemAssert.IsProblemAsync(refused, 403);
    }

    [Fact]
    public async Task MarkRead_Mine_IsReadAndAudited_SomeoneElses_Is404()
    {
        var userId = TestData.NewUserId();
        var me = await api.SignedInAsync(userId);
        var otherId = TestData.NewUserId();
        await api.SignedInAsync(otherId);
        var mine = await SeedAsync(userId);
        var theirs = await SeedAsync(otherId);

        using var read = await me.PostAsync($"/api/notifications/{mine}/read", null);
        using var notMine = await me.PostAsync($"/api/notifications/{theirs}/read", null);

        (await read.JsonAsync()).GetProperty("readAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);
        await ProblemAssert.IsProblemAsync(notMine, 404);
        await using var db = api.CreateDbContext();
        (await db.AuditLogs.CountAsync(a => a.Action == "notification.read" && a.ActorId == userId)).ShouldBe(1);
        (await db.Notifications.SingleAsync(n => n.Id == theirs)).ReadAt.ShouldBeNull();
    }

    [Fact]
    public async Task MarkAllRead_ReadsEveryUnreadOneOfMine()
    {
        var userId = TestData.NewUserId();
        var me = await api.SignedInAsync(userId);
        await SeedAsync(userId);
        await SeedAsync(userId);
        await SeedAsync(userId, read: true);

        var first = await (await me.PostAsync("/api/notifications/read-all", null)).JsonAsync();
        var second = await (await me.PostAsync("/api/notifications/read-all", null)).JsonAsync();

        first.GetProperty("updated").GetInt32().ShouldBe(2);
        second.GetProperty("updated").GetInt32().ShouldBe(0);
        Ids(await (await me.GetAsync("/api/notifications?unread=true")).JsonAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Preferences_DefaultToEveryChannelOn_AndAPutChangesOnlyWhatItNames()
    {
        var me = await api.SignedInAsync(TestData.NewUserId());

        var defaults = await (await me.GetAsync("/api/notifications/preferences")).JsonAsync();
        using var put = await me.PutAsJsonAsync("/api/notifications/preferences",
            new { preferences = new[] { new { type = NotificationTypes.NewDeviceSignIn, push = false } } });
        var after = await (await me.GetAsync("/api/notifications/preferences")).JsonAsync();

        var types = defaults.GetProperty("preferences").EnumerateArray().ToList();
        types.Select(p => p.GetProperty("type").GetString()).ShouldBe(NotificationTypes.All);
        types.ShouldAllBe(p => p.GetProperty("inApp").GetBoolean() && p.GetProperty("push").GetBoolean() && p.GetProperty("email").GetBoolean());
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var newDevice = after.GetProperty("preferences").EnumerateArray().Single(p => p.GetProperty("type").GetString() == NotificationTypes.NewDeviceSignIn);
        newDevice.GetProperty("push").GetBoolean().ShouldBeFalse();
        newDevice.GetProperty("inApp").GetBoolean().ShouldBeTrue();
        newDevice.GetProperty("email").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Preferences_ForAnUnknownType_Returns400()
    {
        var me = await api.SignedInAsync(TestData.NewUserId());

        using var response = await me.PutAsJsonAsync("/api/notifications/preferences",
            new { preferences = new[] { new { type = "marketing.spam", email = false } } });

        (await ProblemAssert.IsProblemAsync(response, 400)).GetProperty("errors").TryGetProperty("preferences[0].type", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task PushToken_RegisteringIsIdempotent_AndUnregisteringIsForTheOwnerOnly()
    {
        var userId = TestData.NewUserId();
        var me = await api.SignedInAsync(userId);
        var token = $"fcm:{Guid.NewGuid():N}";

        using var created = await me.PostAsJsonAsync("/api/notifications/push-tokens", new { token, platform = "android" });
        using var again = await me.PostAsJsonAsync("/api/notifications/push-tokens", new { token, platform = "android" });
        using var badPlatform = await me.PostAsJsonAsync("/api/notifications/push-tokens", new { token, platform = "symbian" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        (await again.JsonAsync()).GetProperty("id").GetGuid().ShouldBe(id);
        await ProblemAssert.IsProblemAsync(badPlatform, 400);

        var stranger = await api.SignedInAsync(TestData.NewUserId());
        await ProblemAssert.IsProblemAsync(await stranger.DeleteAsync($"/api/notifications/push-tokens/{id}"), 404);
        (await me.DeleteAsync($"/api/notifications/push-tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using var db = api.CreateDbContext();
        (await db.PushTokens.AnyAsync(p => p.Id == id)).ShouldBeFalse();
        (await db.AuditLogs.CountAsync(a => a.ActorId == userId && a.Action.StartsWith("push_token."))).ShouldBe(2);
    }

    [Fact]
    public async Task PushToken_RegisteredByAnotherUser_MovesToThem()
    {
        var firstId = TestData.NewUserId();
        var first = await api.SignedInAsync(firstId);
        var secondId = TestData.NewUserId();
        var second = await api.SignedInAsync(secondId);
        var token = $"apns-{Guid.NewGuid():N}";
        var id = (await (await first.PostAsJsonAsync("/api/notifications/push-tokens", new { token, platform = "ios" })).JsonAsync()).GetProperty("id").GetGuid();

        using var moved = await second.PostAsJsonAsync("/api/notifications/push-tokens", new { token, platform = "ios" });

        moved.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = api.CreateDbContext();
        (await db.PushTokens.SingleAsync(p => p.Id == id)).UserId.ShouldBe(secondId);
    }

    [Fact]
    public async Task OrganizationNotifications_AreMineForThatOrganizationOnly()
    {
        var userId = TestData.NewUserId();
        var me = await api.SignedInAsync(userId);
        var slugA = await me.CreateOrganizationAsync();
        var slugB = await me.CreateOrganizationAsync();
        await using var db = api.CreateDbContext();
        var orgA = (await db.Organizations.SingleAsync(o => o.Slug == slugA)).Id;
        var orgB = (await db.Organizations.SingleAsync(o => o.Slug == slugB)).Id;
        var inA = await SeedAsync(userId, organizationId: orgA);
        await SeedAsync(userId, organizationId: orgB);
        await SeedAsync(userId);
        var stranger = await api.SignedInAsync(TestData.NewUserId());

        var list = await (await me.GetAsync($"/api/orgs/{slugA}/notifications")).JsonAsync();
        using var notAMember = await stranger.GetAsync($"/api/orgs/{slugA}/notifications");

        Ids(list).ShouldBe([inA]);
        await ProblemAssert.IsProblemAsync(notAMember, 403);
    }

    private async Task<Guid> SeedAsync(string userId, int minutesAgo = 1, bool read = false, Guid? organizationId = null)
    {
        await using var db = api.CreateDbContext();
        var at = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo);
        var notification = new Notification
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            OrganizationId = organizationId,
            Type = NotificationTypes.NewDeviceSignIn,
            Title = "New sign-in",
            Data = """{"device":"Firefox on Linux"}""",
            CreatedAt = at,
            ReadAt = read ? at : null,
        };
        db.Notifications.Add(notification);
        await db.SaveChangesAsync();
        return notification.Id;
    }

    private static List<Guid> Ids(System.Text.Json.JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();
}
