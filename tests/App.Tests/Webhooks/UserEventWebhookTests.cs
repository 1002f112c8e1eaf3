using App.Api.ShadowUsers;
using App.Api.Webhooks;
using App.Data;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Webhooks;

/// <summary>user.created / user.updated / user.deleted keep the shadow row right, in whatever order they arrive.</summary>
public sealed class UserEventWebhookTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-2);

    [Fact]
    public async Task AdminEditShape_SetsRoleAndBan_AndAPlainUpdateLeavesThem()
    {
        var id = TestData.NewUserId();
        await api.DeliverAsync(AutherEvent.Create("user.updated", new
        {
            id,
            email = "ban@example.com",
            name = "Banned",
            emailVerified = true,
            image = "https://img.example/a.png",
            role = "admin",
            banned = true,
            banReason = "spam",
            banExpires = "2030-01-01T00:00:00.000Z",
            username = "banned",
            updatedAt = "2026-01-01T00:00:00.000Z",
        }, T0));

        // The plain shape (a profile change) carries no role, image or ban fields: they must survive it.
        await api.DeliverAsync(AutherEvent.Create("user.updated", new
        {
            id, email = "new@example.com", name = "Renamed", emailVerified = false, updatedAt = "2026-01-02T00:00:00.000Z",
        }, T0.AddSeconds(1)), WebhookFormat.Native);

        var user = await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == id));
        user.Email.ShouldBe("new@example.com");
        user.Name.ShouldBe("Renamed");
        user.EmailVerified.ShouldBeFalse();
        user.Image.ShouldBe("https://img.example/a.png");
        user.Role.ShouldBe("admin");
        user.Banned.ShouldBeTrue();
        user.BanReason.ShouldBe("spam");
        user.BanExpires.ShouldBe(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        user.UpdatedAt.ShouldBe(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));
        user.LastEventAt.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(T0.AddSeconds(1).ToUnixTimeMilliseconds()));
    }

    [Fact]
    public async Task Unban_ClearsTheBanFields_AndBanExpiresMayBeEpochMilliseconds()
    {
        var id = TestData.NewUserId();
        await api.DeliverAsync(AutherEvent.Create("user.updated", new { id, email = "u@example.com", banned = true, banReason = "x", banExpires = 1893456000000L }, T0));
        (await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == id))).BanExpires.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1893456000000L));

        await api.DeliverAsync(AutherEvent.Create("user.updated", new { id, email = "u@example.com", banned = false, banReason = (string?)null, banExpires = (string?)null }, T0.AddSeconds(1)));

        var user = await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == id));
        user.Banned.ShouldBeFalse();
        user.BanReason.ShouldBeNull();
        user.BanExpires.ShouldBeNull();
    }

    [Fact]
    public async Task UserCreated_SetsTheEmailVerification_AndTheAccountsCreationTime()
    {
        var id = TestData.NewUserId();

        (await api.DeliverAsync(AutherEvent.Create("user.created", new
        {
            id, email = $"{id}@example.com", name = "Verified", emailVerified = true, createdAt = "2025-06-01T12:00:00.000Z",
        }, T0))).ShouldBe("applied");

        var user = await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == id));
        user.EmailVerified.ShouldBeTrue();
        user.CreatedAt.ShouldBe(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task UserUpdated_ForAnUnknownUser_CreatesTheRow()
    {
        var id = TestData.NewUserId();

        (await api.DeliverAsync(AutherEvent.Create("user.updated", new { id, email = "late@example.com", name = "Late" }, T0))).ShouldBe("applied");

        (await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == id))).Email.ShouldBe("late@example.com");
    }

    [Fact]
    public async Task OlderEvent_IsStale_AndDoesNotOverwriteNewerData()
    {
        var id = TestData.NewUserId();
        await api.DeliverAsync(AutherEvent.Create("user.updated", new { id, name = "Newer" }, T0.AddSeconds(10)));

        (await api.DeliverAsync(AutherEvent.Create("user.updated", new { id, name = "Older" }, T0))).ShouldBe("stale");
        (await api.DeliverAsync(AutherEvent.Create("user.created", new { id, name = "Oldest" }, T0.AddSeconds(-10)))).ShouldBe("stale");

        (await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == id))).Name.ShouldBe("Newer");
    }

    [Fact]
    public async Task EqualTimestamps_ApplyInArrivalOrder()
    {
        var id = TestData.NewUserId();
        await api.DeliverAsync(AutherEvent.Create("user.updated", new { id, name = "First" }, T0));

        (await api.DeliverAsync(AutherEvent.Create("user.updated", new { id, name = "Second" }, T0))).ShouldBe("applied");

        (await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == id))).Name.ShouldBe("Second");
    }

    [Fact]
    public async Task JitProvisionedRow_IsUpdatedByItsFirstEvent()
    {
        var user = await api.AddUserAsync(lastEventAt: null);

        (await api.DeliverAsync(AutherEvent.Create("user.updated", new { id = user.Id, name = "From Auther" }, T0))).ShouldBe("applied");

        (await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).Name.ShouldBe("From Auther");
    }

    public static TheoryData<string> AllOrders() => ["CUD", "CDU", "UCD", "UDC", "DCU", "DUC"];

    [Theory]
    [MemberData(nameof(AllOrders))]
    public async Task CreateUpdateDelete_InAnyArrivalOrder_EndDeletedWithATombstone(string order)
    {
        var id = TestData.NewUserId();
        var events = new Dictionary<char, AutherEvent>
        {
            ['C'] = AutherEvent.Create("user.created", new { id, email = "c@example.com", name = "Created" }, T0),
            ['U'] = AutherEvent.Create("user.updated", new { id, email = "u@example.com", name = "Updated" }, T0.AddSeconds(1)),
            ['D'] = AutherEvent.Create("user.deleted", new { id }, T0.AddSeconds(2)),
        };

        foreach (var step in order)
        {
            await api.DeliverAsync(events[step], step == 'U' ? WebhookFormat.Native : WebhookFormat.Svix);
        }

        (await api.QueryAsync(db => db.Users.AnyAsync(u => u.Id == id))).ShouldBeFalse();
        var tombstone = await api.QueryAsync(db => db.UserTombstones.SingleAsync(t => t.UserId == id));
        tombstone.EventAt.ShouldBe(events['D'].OccurredAt);
    }

    [Theory]
    [InlineData("CU")]
    [InlineData("UC")]
    public async Task CreateAndUpdate_InEitherOrder_EndWithTheUpdate(string order)
    {
        var id = TestData.NewUserId();
        var events = new Dictionary<char, AutherEvent>
        {
            ['C'] = AutherEvent.Create("user.created", new { id, email = "c@example.com", name = "Created" }, T0),
            ['U'] = AutherEvent.Create("user.updated", new { id, email = "u@example.com", name = "Updated" }, T0.AddSeconds(1)),
        };

        foreach (var step in order)
        {
            await api.DeliverAsync(events[step]);
        }

        (await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == id))).Name.ShouldBe("Updated");
    }

    [Fact]
    public async Task UpdateNewerThanTheDeletion_StillDoesNotResurrectTheUser()
    {
        var id = TestData.NewUserId();
        await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id }, T0));

        (await api.DeliverAsync(AutherEvent.Create("user.updated", new { id, name = "Ghost" }, T0.AddSeconds(5)))).ShouldBe("stale");

        (await api.QueryAsync(db => db.Users.AnyAsync(u => u.Id == id))).ShouldBeFalse();
    }

    [Fact]
    public async Task UserCreatedNewerThanTheTombstone_LiftsIt()
    {
        var id = TestData.NewUserId();
        await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id }, T0));

        (await api.DeliverAsync(AutherEvent.Create("user.created", new { id, email = "again@example.com" }, T0.AddSeconds(5)))).ShouldBe("applied");

        (await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == id))).Email.ShouldBe("again@example.com");
        (await api.QueryAsync(db => db.UserTombstones.AnyAsync(t => t.UserId == id))).ShouldBeFalse();
    }

    [Fact]
    public async Task OldDeletion_ArrivingAfterARecreation_IsStale()
    {
        var id = TestData.NewUserId();
        await api.DeliverAsync(AutherEvent.Create("user.created", new { id, email = "recreated@example.com" }, T0.AddSeconds(5)));

        (await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id }, T0))).ShouldBe("stale");

        (await api.QueryAsync(db => db.Users.AnyAsync(u => u.Id == id))).ShouldBeTrue();
    }

    [Fact]
    public async Task AppliedChanges_AreAnnouncedOnTheCacheChannel_StaleOnesAreNot()
    {
        var id = TestData.NewUserId();
        await using var listener = await CacheChannelListener.StartAsync(api.ConnectionString);

        await api.DeliverAsync(AutherEvent.Create("user.updated", new { id, banned = true }, T0.AddSeconds(5)));
        (await listener.WaitForAsync(CacheChannel.UserChanged(id), TimeSpan.FromSeconds(5))).ShouldBeTrue();

        listener.Received.Clear();
        await api.DeliverAsync(AutherEvent.Create("user.updated", new { id, banned = false }, T0));
        await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id }, T0.AddSeconds(6)));
        (await listener.WaitForAsync(CacheChannel.UserChanged(id), TimeSpan.FromSeconds(5))).ShouldBeTrue();
        listener.Received.Count(p => p == CacheChannel.UserChanged(id)).ShouldBe(1);
    }
}
