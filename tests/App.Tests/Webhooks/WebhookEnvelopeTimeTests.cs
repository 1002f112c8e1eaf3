using App.Api.Webhooks;
using App.Data.Webhooks;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Webhooks;

/// <summary>
/// A correctly signed event dated ahead of its own signature (third hostile round, item 8): applied, it made
/// every later event of its user stale and froze the row. Refused as rejected (400) in both formats; retries
/// (Svix: older event, fresh signature; native: the creation time kept) still apply.
/// </summary>
public sealed class WebhookEnvelopeTimeTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    [Theory]
    [InlineData("svix", 100 * 365 * 24)]
    [InlineData("native", 100 * 365 * 24)]
    [InlineData("svix", 1)]
    [InlineData("native", 1)]
    public async Task AnEventDatedAheadOfItsSignature_IsRejected_AndLaterEventsOfTheUserStillApply(string format, int hoursAhead)
    {
        var userId = TestData.NewUserId();
        var now = DateTimeOffset.UtcNow;
        var ahead = UserUpdated(userId, "From the future", now.AddHours(hoursAhead));

        using var response = await api.SendAsync(format == "svix"
            ? AutherWebhookSigner.Svix(ahead, api.SigningSecret, signedAt: now)
            : AutherWebhookSigner.Native(ahead, api.SigningSecret, signedAt: now));

        (await ProblemAssert.IsProblemAsync(response, 400)).GetProperty("code").GetString().ShouldBe("webhook_payload_invalid");
        (await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.EventId == ahead.Id))).Status.ShouldBe(WebhookEventStatus.Rejected);
        (await api.DeliverAsync(UserUpdated(userId, "Present", now), format == "svix" ? WebhookFormat.Svix : WebhookFormat.Native)).ShouldBe("applied");
        (await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == userId))).Name.ShouldBe("Present");
    }

    [Fact]
    public async Task ASvixRetry_OfAnOlderEvent_WithAFreshSignature_Applies()
    {
        var evt = UserUpdated(TestData.NewUserId(), "Retried", DateTimeOffset.UtcNow.AddMinutes(-30));

        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(AutherWebhookSigner.Svix(evt, api.SigningSecret, signedAt: DateTimeOffset.UtcNow))))
            .ShouldBe("applied");
    }

    [Fact]
    public async Task ANativeRetry_KeepingTheCreationTime_Applies()
    {
        var created = DateTimeOffset.UtcNow.AddMinutes(-30);
        var evt = UserUpdated(TestData.NewUserId(), "Retried", created);

        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(AutherWebhookSigner.Native(evt, api.SigningSecret, signedAt: created)))).ShouldBe("applied");
    }

    [Fact]
    public async Task AnEventAFewSecondsAheadOfItsSignature_WithinTheSkew_Applies()
    {
        var now = DateTimeOffset.UtcNow;
        var evt = UserUpdated(TestData.NewUserId(), "Skewed", now.AddSeconds(20));

        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(AutherWebhookSigner.Svix(evt, api.SigningSecret, signedAt: now)))).ShouldBe("applied");
    }

    [Fact]
    public async Task AnEventDatedBeyondTheSkewAfterAnEarlierSignature_IsRejected_ThoughThatTimeHasPassed()
    {
        // Signed ten minutes ago, dated six minutes after that: past by now, but later than its signature.
        var signedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        var evt = UserUpdated(TestData.NewUserId(), "Ahead", signedAt.AddMinutes(6));

        using var response = await api.SendAsync(AutherWebhookSigner.Native(evt, api.SigningSecret, signedAt: signedAt));

        (await ProblemAssert.IsProblemAsync(response, 400)).GetProperty("code").GetString().ShouldBe("webhook_payload_invalid");
    }

    [Fact]
    public async Task ASignatureDatedAhead_DoesNotMoveTheLimitPastNowAndTheSkew()
    {
        // Signed four minutes ahead (the verifier allows five), dated seven minutes ahead: before its signature, but
        // beyond now and the skew.
        var now = DateTimeOffset.UtcNow;
        var evt = UserUpdated(TestData.NewUserId(), "Ahead of now", now.AddMinutes(7));

        using var response = await api.SendAsync(AutherWebhookSigner.Native(evt, api.SigningSecret, signedAt: now.AddMinutes(4)));

        (await ProblemAssert.IsProblemAsync(response, 400)).GetProperty("code").GetString().ShouldBe("webhook_payload_invalid");
    }

    [Fact]
    public async Task AnEventDatedExactlyTheSkewAfterItsSignature_Applies()
    {
        var signedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds());
        var evt = UserUpdated(TestData.NewUserId(), "At the edge", signedAt.AddMinutes(5));

        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(AutherWebhookSigner.Native(evt, api.SigningSecret, signedAt: signedAt)))).ShouldBe("applied");
    }

    private static AutherEvent UserUpdated(string userId, string name, DateTimeOffset at) => AutherEvent.Create("user.updated", new
    {
        id = userId,
        email = $"{userId}@example.com",
        name,
        emailVerified = true,
        createdAt = "2026-01-01T00:00:00.000Z",
    }, at);
}
