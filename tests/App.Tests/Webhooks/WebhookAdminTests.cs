using App.Api.Webhooks;
using App.Data.Webhooks;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Webhooks;

/// <summary>
/// The operator's list and replay. Bearer tokens cannot be minted in this branch yet (the local Auther
/// comes with another piece), so the behaviour is tested on the service and HTTP only proves the guard.
/// </summary>
public sealed class WebhookAdminTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    [Theory]
    [InlineData("GET", "/api/admin/webhooks/events")]
    [InlineData("POST", "/api/admin/webhooks/events/msg_1/replay")]
    public async Task AdminEndpoints_WithoutAToken_Return401Problem(string method, string path)
    {
        using var client = api.Client();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await ProblemAssert.IsProblemAsync(response, 401);
    }

    [Fact]
    public async Task List_IsNewestFirst_AndFiltersByStatus()
    {
        var applied = AutherEvent.Create("user.updated", new { id = TestData.NewUserId() });
        var ignored = AutherEvent.Create("something.else", new { id = "x" });
        await api.DeliverAsync(applied, WebhookFormat.Native);
        await api.DeliverAsync(ignored, WebhookFormat.Native);

        await using var scope = api.App.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<WebhookAdminService>();

        var all = await admin.ListAsync(null, null, 500, CancellationToken.None);
        var positions = all.Select(e => e.MessageId).ToList();
        positions.IndexOf(ignored.Id).ShouldBeLessThan(positions.IndexOf(applied.Id));
        var summary = all.Single(e => e.MessageId == applied.Id);
        (summary.Type, summary.Format, summary.Status, summary.Attempts).ShouldBe(("user.updated", "native", "applied", 1));
        summary.EventAt.ShouldBe(applied.OccurredAt);

        var onlyIgnored = await admin.ListAsync(WebhookEventStatus.Ignored, null, null, CancellationToken.None);
        onlyIgnored.ShouldContain(e => e.MessageId == ignored.Id);
        onlyIgnored.ShouldAllBe(e => e.Status == WebhookEventStatus.Ignored);
        (await admin.ListAsync(null, summary.ReceivedAt, 500, CancellationToken.None)).ShouldAllBe(e => e.ReceivedAt < summary.ReceivedAt);
    }

    [Fact]
    public async Task Replay_ProcessesAFailedEventFromItsStoredPayload_AndIsAudited()
    {
        var userId = TestData.NewUserId();
        var evt = AutherEvent.Create("user.created", new { id = userId, email = "replayed@example.com" });
        await using (var failure = await InjectedFailure.OnInsertIntoAsync(api, "users"))
        {
            using var response = await api.SendAsync(evt, WebhookFormat.Native);
            await ProblemAssert.IsProblemAsync(response, 500);
        }

        await using var scope = api.App.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<WebhookAdminService>();
        (await admin.ListAsync(WebhookEventStatus.Failed, null, null, CancellationToken.None)).ShouldContain(e => e.MessageId == evt.Id && e.LastError != null);

        var replay = await admin.ReplayAsync(evt.Id, "admin_1", CancellationToken.None);

        replay.Status.ShouldBe(WebhookReplayStatus.Replayed);
        replay.Outcome.ShouldBe("applied");
        await using var db = api.CreateDbContext();
        (await db.Users.SingleAsync(u => u.Id == userId)).Email.ShouldBe("replayed@example.com");
        var row = await db.WebhookEvents.SingleAsync(e => e.MessageId == evt.Id);
        (row.Status, row.Attempts).ShouldBe((WebhookEventStatus.Applied, 2));
        var audit = await db.AuditLogs.SingleAsync(a => a.Action == "webhook.replay" && a.Subject == evt.Id);
        audit.ActorId.ShouldBe("admin_1");
        audit.Details!.ShouldContain("applied");
    }

    [Fact]
    public async Task Replay_RefusesEventsThatDidNotFail_AndUnknownIds()
    {
        var evt = AutherEvent.Create("user.updated", new { id = TestData.NewUserId() });
        await api.DeliverAsync(evt, WebhookFormat.Native);
        await using var scope = api.App.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<WebhookAdminService>();

        (await admin.ReplayAsync(evt.Id, "admin_1", CancellationToken.None)).Status.ShouldBe(WebhookReplayStatus.NotFailed);
        (await admin.ReplayAsync("msg_nothing", "admin_1", CancellationToken.None)).Status.ShouldBe(WebhookReplayStatus.NotFound);
    }

    [Fact]
    public async Task Purge_DeletesSettledRowsPastTheRetention_ButKeepsFailedOnes()
    {
        var old = DateTimeOffset.UtcNow.AddDays(-15);
        string[] ids = [Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N")];
        await using (var db = api.CreateDbContext())
        {
            db.WebhookEvents.AddRange(
                Row(ids[0], WebhookEventStatus.Applied, old),
                Row(ids[1], WebhookEventStatus.Failed, old),
                Row(ids[2], WebhookEventStatus.Applied, DateTimeOffset.UtcNow.AddDays(-13)));
            await db.SaveChangesAsync();
        }

        var purged = await api.App.Services.GetRequiredService<WebhookInboxPurger>().PurgeAsync(CancellationToken.None);

        purged.ShouldBeGreaterThanOrEqualTo(1);
        var left = await api.QueryAsync(db => db.WebhookEvents.Where(e => ids.Contains(e.MessageId)).Select(e => e.MessageId).ToListAsync());
        left.ShouldBe([ids[1], ids[2]], ignoreOrder: true);
    }

    private static WebhookEvent Row(string id, string status, DateTimeOffset receivedAt) => new()
    {
        MessageId = id, Type = "user.updated", Format = "svix", Status = status, Payload = "{}", ReceivedAt = receivedAt, Attempts = 1,
    };
}
