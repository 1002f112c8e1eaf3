using System.Net;
using System.Text;
using App.Api.ShadowUsers;
using App.Api.Webhooks;
using App.Data;
using App.Data.AuditLogs;
using App.Data.Webhooks;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace App.Tests.Webhooks;

/// <summary>The idempotent inbox: duplicates (also concurrent, also across instances) apply once; a failure leaves nothing and its retry succeeds.</summary>
public sealed class WebhookInboxTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    [Fact]
    public async Task Duplicate_IsAcknowledged_AndNotAppliedAgain()
    {
        var id = TestData.NewUserId();
        var delivery = api.Sign(AutherEvent.Create("user.updated", new { id, name = "From Auther" }));
        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(delivery))).ShouldBe("applied");
        // A local change after the event: re-applying the same event would overwrite it.
        await api.ExecuteAsync($"UPDATE users SET name = 'Changed since' WHERE id = '{id}'");

        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(delivery))).ShouldBe("duplicate");

        (await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == id))).Name.ShouldBe("Changed since");
        (await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.MessageId == delivery.Header("svix-id")))).Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task TheSettlingInsert_IsPrepared_OnADirectConnection()
    {
        // Every event runs it (docs/benchmarks.md, Webhook ingest); only through a transaction-mode pooler is it not prepared.
        var evt = AutherEvent.Create("account.linked", new { userId = TestData.NewUserId() });
        var envelope = WebhookEnvelopeParser.Parse(Encoding.UTF8.GetBytes(evt.ToJson()));
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var inbox = scope.ServiceProvider.GetRequiredService<WebhookInbox>();
        await using var transaction = await db.Database.BeginTransactionAsync();

        (await inbox.SettleAsync(new WebhookMessage(evt.Id, WebhookFormat.Native, envelope, evt.ToJson()), WebhookOutcome.Ignored, CancellationToken.None))
            .ShouldBeTrue();

        await using var prepared = new NpgsqlCommand(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%INSERT INTO webhook_events%'", (NpgsqlConnection)db.Database.GetDbConnection());
        ((long)(await prepared.ExecuteScalarAsync())!).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task AValuePostgreSqlRefuses_IsRejected_WithPostgreSqlsReason_AndNotRetried()
    {
        var user = await api.AddUserAsync();
        var evt = AutherEvent.Create("session.created", new { id = "sess_" + Guid.NewGuid().ToString("N"), userId = user.Id, ipAddress = "192.0.2.4", userAgent = "Refused/1.0" });
        // The notification's insert is refused as a value (SQLSTATE 22001, string too long): the same on every retry.
        await using var refused = await InjectedFailure.OnInsertIntoAsync(api, "notifications", "22001");

        using var response = await api.SendAsync(evt, WebhookFormat.Native);

        const string Reason = "The event's content cannot be stored: 22001: injected failure on notifications";
        (await ProblemAssert.IsProblemAsync(response, 400)).GetProperty("detail").GetString().ShouldBe(Reason);
        var row = await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.MessageId == evt.Id));
        (row.Status, row.LastError).ShouldBe((WebhookEventStatus.Rejected, Reason));
        (await api.QueryAsync(db => db.KnownDevices.AnyAsync(d => d.UserId == user.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task SvixRetry_ReSignedWithAFreshTimestamp_IsADuplicate()
    {
        var evt = AutherEvent.Create("user.updated", new { id = TestData.NewUserId(), name = "A" });
        var first = AutherWebhookSigner.Svix(evt, api.SigningSecret, signedAt: DateTimeOffset.UtcNow.AddSeconds(-60));
        var retry = AutherWebhookSigner.Svix(evt, api.SigningSecret, messageId: first.Header("svix-id"));

        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(first))).ShouldBe("applied");
        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(retry))).ShouldBe("duplicate");
    }

    [Fact]
    public async Task ConcurrentCopies_OnTwoInstances_AreAppliedExactlyOnce()
    {
        var user = await api.AddUserAsync();
        // session.created from a new device: applying it twice would send two notifications.
        var delivery = api.Sign(AutherEvent.Create("session.created", new
        {
            id = "sess_" + Guid.NewGuid().ToString("N"), userId = user.Id, expiresAt = DateTimeOffset.UtcNow.AddDays(7), ipAddress = "203.0.113.7", userAgent = "Concurrent/1.0",
        }), WebhookFormat.Native);
        await using var second = api.CreateInstance();
        using var clientA = api.Client();
        using var clientB = second.CreateClient();

        var sends = Enumerable.Range(0, 16).Select(async i =>
        {
            using var request = delivery.ToRequest();
            return await WebhookApiFixture.OutcomeAsync(await (i % 2 == 0 ? clientA : clientB).SendAsync(request));
        });
        var outcomes = await Task.WhenAll(sends);

        outcomes.Count(o => o == "applied").ShouldBe(1);
        outcomes.Count(o => o == "duplicate").ShouldBe(15);
        (await api.QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == user.Id))).ShouldBe(1);
        (await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.MessageId == delivery.Header("x-webhook-id")))).Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task FailureMidway_LeavesNothingHalfDone_AndTheRetrySucceeds()
    {
        var user = await api.AddUserAsync();
        await using (var db = api.CreateDbContext())
        {
            db.AuditLogs.Add(new AuditLog { ActorId = user.Id, ActorEmail = user.Email, ActorName = user.Name, Action = "x", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var delivery = api.Sign(AutherEvent.Create("user.deleted", new { id = user.Id }), WebhookFormat.Native);
        // The handler scrubs audit rows and deletes the user before it writes the tombstone: fail there.
        await using var failure = await InjectedFailure.OnInsertIntoAsync(api, "user_tombstones");
        await using var listener = await CacheChannelListener.StartAsync(api.ConnectionString);

        using (var response = await api.SendAsync(delivery))
        {
            var problem = await ProblemAssert.IsProblemAsync(response, 500);
            problem.GetProperty("code").GetString().ShouldBe("webhook_processing_failed");
        }

        await using (var db = api.CreateDbContext())
        {
            (await db.Users.AnyAsync(u => u.Id == user.Id)).ShouldBeTrue();
            (await db.AuditLogs.SingleAsync(a => a.ActorId == user.Id)).ActorEmail.ShouldBe(user.Email);
            (await db.UserTombstones.AnyAsync(t => t.UserId == user.Id)).ShouldBeFalse();
            var row = await db.WebhookEvents.SingleAsync(e => e.MessageId == delivery.Header("x-webhook-id"));
            row.Status.ShouldBe(WebhookEventStatus.Failed);
            row.Attempts.ShouldBe(1);
            row.LastError!.ShouldContain("injected failure");
        }

        await Task.Delay(200);
        listener.Received.ShouldNotContain(CacheChannel.UserChanged(user.Id));

        await failure.RemoveAsync();
        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(delivery))).ShouldBe("applied");

        await using (var db = api.CreateDbContext())
        {
            (await db.Users.AnyAsync(u => u.Id == user.Id)).ShouldBeFalse();
            (await db.AuditLogs.SingleAsync(a => a.ActorId == user.Id)).ActorEmail.ShouldBe(AuditLog.Scrubbed);
            var row = await db.WebhookEvents.SingleAsync(e => e.MessageId == delivery.Header("x-webhook-id"));
            row.Status.ShouldBe(WebhookEventStatus.Applied);
            row.Attempts.ShouldBe(2);
        }

        (await listener.WaitForAsync(CacheChannel.UserChanged(user.Id), TimeSpan.FromSeconds(5))).ShouldBeTrue();
    }

    [Fact]
    public async Task Metrics_CountEachDeliveryByTypeFormatAndOutcome()
    {
        using var metrics = new WebhookMetricsRecorder(api.App.Services);
        var evt = AutherEvent.Create("user.updated", new { id = TestData.NewUserId(), name = "M" });
        var delivery = api.Sign(evt, WebhookFormat.Native);

        await WebhookApiFixture.OutcomeAsync(await api.SendAsync(delivery));
        await WebhookApiFixture.OutcomeAsync(await api.SendAsync(delivery));
        await WebhookApiFixture.OutcomeAsync(await api.SendAsync(AutherEvent.Create("organization.created", new { id = "o" })));
        using (var bad = await api.SendAsync(delivery.WithHeader("x-webhook-signature", new string('0', 64))))
        {
            bad.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        metrics.Count("user.updated", "native", "applied").ShouldBe(1);
        metrics.Count("user.updated", "native", "duplicate").ShouldBe(1);
        metrics.Count("organization.created", "svix", "ignored").ShouldBe(1);
        metrics.Count("unknown", "native", "bad_signature").ShouldBe(1);
        metrics.Durations.ShouldBe(4);
    }
}
