using System.Net;
using App.Api.Auth;
using App.Api.Webhooks;
using App.Data.Webhooks;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Webhooks;

/// <summary>
/// The inbox keeps raw payloads for replay, and they carry e-mail addresses and names: deleting a user
/// scrubs the payloads of that user's events, like their audit names, instead of keeping them for the
/// whole retention period.
/// </summary>
public sealed class DeletedUserPayloadTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-5);

    [Fact]
    public async Task Deletion_ScrubsThePayloadsOfTheUsersEvents_LateOnesToo_AndNobodyElses()
    {
        var id = TestData.NewUserId();
        var email = $"{id}@example.com";
        var bystander = TestData.NewUserId();
        (await api.DeliverAsync(AutherEvent.Create("user.created", new { id, email, name = "Private Person" }, T0))).ShouldBe("applied");
        await api.DeliverAsync(AutherEvent.Create("session.created", new { userId = id, ipAddress = "198.51.100.7", userAgent = "Firefox" }, T0.AddSeconds(1)), WebhookFormat.Native);
        (await api.DeliverAsync(AutherEvent.Create("user.created", new { id = bystander, email = $"{bystander}@example.com" }, T0))).ShouldBe("applied");

        (await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id, email, name = "Private Person" }, T0.AddSeconds(3)))).ShouldBe("applied");
        // A profile change that was overtaken by the deletion arrives afterwards.
        (await api.DeliverAsync(AutherEvent.Create("user.updated", new { id, email, name = "Late Name" }, T0.AddSeconds(2)))).ShouldBe("stale");

        var rows = await api.QueryAsync(db => db.WebhookEvents.Where(e => e.UserId == id).ToListAsync());
        rows.Select(r => r.Type).ShouldBe(["user.created", "session.created", "user.deleted", "user.updated"], ignoreOrder: true);
        rows.ShouldAllBe(r => r.Payload == WebhookEvent.ScrubbedPayload);
        (await api.QueryAsync(db => db.WebhookEvents.CountAsync(e => e.Payload.Contains(email)))).ShouldBe(0);
        (await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.UserId == bystander))).Payload.ShouldContain($"{bystander}@example.com");
    }

    [Fact]
    public async Task AnAccountReCreatedAfterTheDeletion_KeepsThePayloadOfItsNewerEvents()
    {
        var id = TestData.NewUserId();
        await api.DeliverAsync(AutherEvent.Create("user.created", new { id, email = "first@example.com" }, T0));
        await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id }, T0.AddSeconds(1)));

        var recreated = AutherEvent.Create("user.created", new { id, email = "second@example.com" }, T0.AddSeconds(2));
        (await api.DeliverAsync(recreated, WebhookFormat.Native)).ShouldBe("applied");

        (await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.MessageId == recreated.Id))).Payload.ShouldContain("second@example.com");
        (await api.QueryAsync(db => db.WebhookEvents.CountAsync(e => e.UserId == id && e.Payload.Contains("first@example.com")))).ShouldBe(0);
    }

    [Fact]
    public async Task AFailedEventOfADeletedUser_IsSettledAsStale_AndReplayHasNothingToApply()
    {
        var id = TestData.NewUserId();
        var evt = AutherEvent.Create("user.created", new { id, email = $"{id}@example.com" }, T0);
        await using (await InjectedFailure.OnInsertIntoAsync(api, "users"))
        {
            using var failed = await api.SendAsync(evt, WebhookFormat.Native);
            await ProblemAssert.IsProblemAsync(failed, 500);
        }

        (await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id }, T0.AddSeconds(1)))).ShouldBe("applied");

        var row = await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.MessageId == evt.Id));
        row.Status.ShouldBe(WebhookEventStatus.Stale);
        row.Payload.ShouldBe(WebhookEvent.ScrubbedPayload);
        row.LastError.ShouldBe("The user was deleted before this event could be applied.");

        using var admin = api.ClientFor(TestData.NewUserId(), Policies.WebhookReplay);
        using var replay = await admin.PostAsync($"/api/admin/webhooks/events/{evt.Id}/replay", null);
        replay.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        // Auther's own retry of the failed delivery is now a harmless duplicate.
        (await api.DeliverAsync(evt, WebhookFormat.Native)).ShouldBe("duplicate");
        (await api.QueryAsync(db => db.Users.AnyAsync(u => u.Id == id))).ShouldBeFalse();
    }
}
