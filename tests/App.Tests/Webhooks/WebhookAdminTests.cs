using System.Net;
using System.Text.Json;
using App.Api.Auth;
using App.Api.Webhooks;
using App.Data.AuthRelations;
using App.Data.Webhooks;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Webhooks;

/// <summary>The operator's list and replay, over HTTP with real tokens, behind webhook:read / webhook:replay.</summary>
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
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.WebhookRead);

        var all = await ListAsync(admin, "limit=500");
        var positions = all.Select(e => e.GetProperty("messageId").GetString()).ToList();
        positions.IndexOf(ignored.Id).ShouldBeLessThan(positions.IndexOf(applied.Id));
        var summary = all.Single(e => e.GetProperty("messageId").GetString() == applied.Id);
        (summary.GetProperty("type").GetString(), summary.GetProperty("format").GetString(), summary.GetProperty("status").GetString(),
            summary.GetProperty("attempts").GetInt32()).ShouldBe(("user.updated", "native", "applied", 1));

        var onlyIgnored = await ListAsync(admin, "status=ignored");
        onlyIgnored.ShouldContain(e => e.GetProperty("messageId").GetString() == ignored.Id);
        onlyIgnored.ShouldAllBe(e => e.GetProperty("status").GetString() == WebhookEventStatus.Ignored);
    }

    [Fact]
    public async Task List_WithoutWebhookRead_Returns403()
    {
        using var someone = api.ClientFor(TestData.NewUserId(), Policies.WebhookReplay);

        using var response = await someone.GetAsync("/api/admin/webhooks/events");

        await ProblemAssert.IsProblemAsync(response, 403);
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

        var adminId = TestData.NewUserId();
        using var admin = api.ClientFor(adminId, Policies.WebhookRead, Policies.WebhookReplay);
        (await ListAsync(admin, "status=failed")).ShouldContain(e => e.GetProperty("messageId").GetString() == evt.Id);

        using var replay = await admin.PostAsync($"/api/admin/webhooks/events/{evt.Id}/replay", null);

        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.Content.ReadAsStringAsync()).ShouldContain("applied");
        await using var db = api.CreateDbContext();
        (await db.Users.SingleAsync(u => u.Id == userId)).Email.ShouldBe("replayed@example.com");
        var row = await db.WebhookEvents.SingleAsync(e => e.MessageId == evt.Id);
        (row.Status, row.Attempts).ShouldBe((WebhookEventStatus.Applied, 2));
        var audit = await db.AuditLogs.SingleAsync(a => a.Action == "webhook.replay" && a.Subject == evt.Id);
        audit.ActorId.ShouldBe(adminId);
        audit.Details!.ShouldContain("applied");
    }

    [Fact]
    public async Task Replay_ThatFailsAgain_IsAnsweredAndAudited_WithoutWritingWhatTheFailedAttemptLeftBehind()
    {
        var user = await api.AddUserAsync();
        var evt = AutherEvent.Create("session.created", new { id = "sess_" + Guid.NewGuid().ToString("N"), userId = user.Id, ipAddress = "192.0.2.9", userAgent = "Replay/1.0" });
        // The notification's insert fails: the entity it was is left behind, unsaved, by the rolled-back attempt.
        await using var failure = await InjectedFailure.OnInsertIntoAsync(api, "notifications");
        using (var response = await api.SendAsync(evt, WebhookFormat.Native))
        {
            await ProblemAssert.IsProblemAsync(response, 500);
        }

        var adminId = TestData.NewUserId();
        using var admin = api.ClientFor(adminId, Policies.WebhookReplay);
        using var replay = await admin.PostAsync($"/api/admin/webhooks/events/{evt.Id}/replay", null);

        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await replay.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("outcome").GetString().ShouldBe("failed");
        await using var db = api.CreateDbContext();
        (await db.AuditLogs.SingleAsync(a => a.Action == "webhook.replay" && a.Subject == evt.Id)).ActorId.ShouldBe(adminId);
        (await db.WebhookEvents.SingleAsync(e => e.MessageId == evt.Id)).Attempts.ShouldBe(2);
        (await db.KnownDevices.AnyAsync(d => d.UserId == user.Id)).ShouldBeFalse();
    }

    [Fact]
    public async Task Replay_ThatMeetsAValuePostgreSqlRefuses_IsRejectedAndAudited_WithoutWritingWhatTheAttemptLeftBehind()
    {
        var user = await api.AddUserAsync();
        var evt = AutherEvent.Create("session.created", new { id = "sess_" + Guid.NewGuid().ToString("N"), userId = user.Id, ipAddress = "192.0.2.10", userAgent = "Replay/2.0" });
        await using (var failure = await InjectedFailure.OnInsertIntoAsync(api, "notifications"))
        {
            using var response = await api.SendAsync(evt, WebhookFormat.Native);
            await ProblemAssert.IsProblemAsync(response, 500);
        }

        // On replay the notification's insert is refused as a value: the entity it was is left behind, unsaved.
        await using var refused = await InjectedFailure.OnInsertIntoAsync(api, "notifications", "22001");
        var adminId = TestData.NewUserId();
        using var admin = api.ClientFor(adminId, Policies.WebhookReplay);
        using var replay = await admin.PostAsync($"/api/admin/webhooks/events/{evt.Id}/replay", null);

        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await replay.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("outcome").GetString().ShouldBe("rejected");
        await using var db = api.CreateDbContext();
        (await db.AuditLogs.SingleAsync(a => a.Action == "webhook.replay" && a.Subject == evt.Id)).ActorId.ShouldBe(adminId);
        (await db.WebhookEvents.SingleAsync(e => e.MessageId == evt.Id)).Status.ShouldBe(WebhookEventStatus.Rejected);
    }

    [Fact]
    public async Task Replay_RefusesEventsThatDidNotFail_AndUnknownIds()
    {
        var evt = AutherEvent.Create("user.updated", new { id = TestData.NewUserId() });
        await api.DeliverAsync(evt, WebhookFormat.Native);
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.WebhookReplay);
        using var someone = api.ClientFor(TestData.NewUserId(), Policies.WebhookRead);

        await ProblemAssert.IsProblemAsync(await admin.PostAsync($"/api/admin/webhooks/events/{evt.Id}/replay", null), 409);
        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/admin/webhooks/events/msg_nothing/replay", null), 404);
        await ProblemAssert.IsProblemAsync(await someone.PostAsync($"/api/admin/webhooks/events/{evt.Id}/replay", null), 403);
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

    [Fact]
    public async Task Purge_ForgetsGrantRevokesPastTheRetention()
    {
        string[] tuples = ["tuple_" + Guid.NewGuid().ToString("N"), "tuple_" + Guid.NewGuid().ToString("N")];
        await using (var db = api.CreateDbContext())
        {
            db.AuthRelationRevocations.AddRange(
                new AuthRelationRevocation { TupleId = tuples[0], RevokedAt = DateTimeOffset.UtcNow.AddDays(-15), RecordedAt = DateTimeOffset.UtcNow.AddDays(-15) },
                new AuthRelationRevocation { TupleId = tuples[1], RevokedAt = DateTimeOffset.UtcNow.AddDays(-13), RecordedAt = DateTimeOffset.UtcNow.AddDays(-13) });
            await db.SaveChangesAsync();
        }

        await api.App.Services.GetRequiredService<WebhookInboxPurger>().PurgeAsync(CancellationToken.None);

        (await api.QueryAsync(db => db.AuthRelationRevocations.Where(r => tuples.Contains(r.TupleId)).Select(r => r.TupleId).ToListAsync()))
            .ShouldBe([tuples[1]]);
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/admin/webhooks/events?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = body.RootElement.ValueKind == JsonValueKind.Array ? body.RootElement : body.RootElement.GetProperty("items");
        return items.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static WebhookEvent Row(string id, string status, DateTimeOffset receivedAt) => new()
    {
        MessageId = id, Type = "user.updated", Format = "svix", Status = status, Payload = "{}", ReceivedAt = receivedAt, Attempts = 1,
    };
}
