using System.Net;
using System.Text;
using App.Api.Webhooks;
using App.Data.Webhooks;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Webhooks;

/// <summary>POST /api/webhooks/auther over HTTP: both formats, signature and window failures, size cap, malformed content.</summary>
public sealed class WebhookReceiverTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    [Theory]
    [InlineData("svix")]
    [InlineData("webhook")]
    [InlineData("native")]
    [InlineData("native-form")]
    public async Task SignedUserCreated_InEveryFormat_CreatesTheShadowRow(string variant)
    {
        var userId = TestData.NewUserId();
        var evt = UserCreated(userId);
        var delivery = variant switch
        {
            "svix" => AutherWebhookSigner.Svix(evt, api.SigningSecret),
            "webhook" => AutherWebhookSigner.Svix(evt, api.SigningSecret, unbranded: true),
            "native" => AutherWebhookSigner.Native(evt, api.SigningSecret),
            _ => AutherWebhookSigner.Native(evt, api.SigningSecret, formEncoded: true),
        };

        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(delivery))).ShouldBe("applied");

        var user = await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == userId));
        user.Email.ShouldBe($"{userId}@example.com");
        user.LastEventAt.ShouldBe(evt.OccurredAt);
        var row = await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.EventId == evt.Id));
        row.Format.ShouldBe(variant.StartsWith("native", StringComparison.Ordinal) ? "native" : "svix");
        row.Status.ShouldBe(WebhookEventStatus.Applied);
        row.Payload.ShouldBe(Encoding.UTF8.GetString(delivery.Body));
        row.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task NativeDelivery_IsKeyedByTheSignedEnvelopeId()
    {
        var evt = UserCreated(TestData.NewUserId());

        await api.DeliverAsync(evt, WebhookFormat.Native);

        (await api.QueryAsync(db => db.WebhookEvents.CountAsync(e => e.MessageId == evt.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task NativeDelivery_WithoutItsIdHeader_IsKeyedByTheSignedEnvelopeId()
    {
        var evt = UserCreated(TestData.NewUserId());

        var delivery = AutherWebhookSigner.Native(evt, api.SigningSecret).WithoutHeader("x-webhook-id");

        (await WebhookApiFixture.OutcomeAsync(await api.SendAsync(delivery))).ShouldBe("applied");
        (await api.QueryAsync(db => db.WebhookEvents.CountAsync(e => e.MessageId == evt.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task ContentPostgreSqlCouldNeverStore_IsRejectedAndRecorded_BeforeAnyHandlerRuns()
    {
        var user = await api.AddUserAsync();
        var evt = AutherEvent.Create("session.created", new { id = "sess_" + Guid.NewGuid().ToString("N"), userId = user.Id, ipAddress = "192.0.2.3", userAgent = "Bad\0Agent" });

        using var response = await api.SendAsync(evt, WebhookFormat.Native);

        (await ProblemAssert.IsProblemAsync(response, 400)).GetProperty("detail").GetString().ShouldBe("'data.userAgent' cannot be stored: Must not contain the NUL character (U+0000).");
        var row = await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.MessageId == evt.Id));
        (row.Status, row.LastError).ShouldBe((WebhookEventStatus.Rejected, "'data.userAgent' cannot be stored: Must not contain the NUL character (U+0000)."));
        (await api.QueryAsync(db => db.KnownDevices.AnyAsync(d => d.UserId == user.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task WrongSecret_Returns401Problem_AndStoresNothing()
    {
        var evt = UserCreated(TestData.NewUserId());

        await AssertRefusedAsync(AutherWebhookSigner.Svix(evt, "whsec_" + Convert.ToBase64String(new byte[24])), evt);
        await AssertRefusedAsync(AutherWebhookSigner.Native(evt, api.SigningSecret + "x"), evt);
    }

    [Fact]
    public async Task TamperedBody_Returns401Problem()
    {
        var evt = UserCreated(TestData.NewUserId());
        var delivery = AutherWebhookSigner.Native(evt, api.SigningSecret);
        var tampered = delivery with { Body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(delivery.Body).Replace("@example.com", "@evil.example", StringComparison.Ordinal)) };

        await AssertRefusedAsync(tampered, evt);
    }

    [Theory]
    [InlineData("svix-signature")]
    [InlineData("svix-timestamp")]
    [InlineData("svix-id")]
    public async Task MissingSvixHeader_Returns401Problem(string header)
    {
        var evt = UserCreated(TestData.NewUserId());

        await AssertRefusedAsync(AutherWebhookSigner.Svix(evt, api.SigningSecret).WithoutHeader(header), evt);
    }

    [Fact]
    public async Task NoSignatureAtAll_Returns401Problem()
    {
        var evt = UserCreated(TestData.NewUserId());

        await AssertRefusedAsync(new SignedWebhook(Encoding.UTF8.GetBytes(evt.ToJson()), "application/json", []), evt);
    }

    [Theory]
    [InlineData(-6 * 60)]
    [InlineData(6 * 60)]
    public async Task SvixTimestampOutsideFiveMinutes_Returns401Problem(int offsetSeconds)
    {
        var evt = UserCreated(TestData.NewUserId());

        await AssertRefusedAsync(AutherWebhookSigner.Svix(evt, api.SigningSecret, signedAt: DateTimeOffset.UtcNow.AddSeconds(offsetSeconds)), evt);
    }

    [Fact]
    public async Task NativeRetryHalfAnHourLate_IsStillAccepted()
    {
        // Auther's native retries keep the creation timestamp for ~33 minutes.
        var evt = UserCreated(TestData.NewUserId(), DateTimeOffset.UtcNow.AddMinutes(-34));

        (await api.DeliverAsync(evt, WebhookFormat.Native)).ShouldBe("applied");
    }

    [Theory]
    [InlineData(-73 * 60)]
    [InlineData(6)]
    public async Task NativeTimestampTooOldOrInTheFuture_Returns401Problem(int offsetMinutes)
    {
        var evt = UserCreated(TestData.NewUserId(), DateTimeOffset.UtcNow.AddMinutes(offsetMinutes));

        await AssertRefusedAsync(AutherWebhookSigner.Native(evt, api.SigningSecret), evt);
    }

    [Fact]
    public async Task NativeIdHeaderChanged_Returns401Problem_SoAReplayCannotDodgeTheInbox()
    {
        var evt = UserCreated(TestData.NewUserId());

        await AssertRefusedAsync(AutherWebhookSigner.Native(evt, api.SigningSecret).WithHeader("x-webhook-id", AutherEvent.NewId()), evt);
    }

    [Fact]
    public async Task OversizeBody_Returns413Problem_BeforeVerifying()
    {
        var evt = AutherEvent.Create("user.updated", new { id = TestData.NewUserId(), name = new string('x', 300 * 1024) });

        using var response = await api.SendAsync(AutherWebhookSigner.Svix(evt, api.SigningSecret));

        await ProblemAssert.IsProblemAsync(response, 413);
        (await api.QueryAsync(db => db.WebhookEvents.AnyAsync(e => e.EventId == evt.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task OversizeChunkedBody_WithoutContentLength_Returns413Problem()
    {
        var evt = AutherEvent.Create("user.updated", new { id = TestData.NewUserId(), name = new string('x', 300 * 1024) });
        var delivery = AutherWebhookSigner.Svix(evt, api.SigningSecret);
        using var request = delivery.ToRequest();
        request.Content = new StreamContent(new NonSeekableStream(delivery.Body));
        request.Content.Headers.ContentType = new("application/json");

        using var client = api.Client();
        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 413);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BodyOfExactlyTheLimit_IsAccepted(bool chunked)
    {
        var limit = new App.Api.Webhooks.WebhookOptions().MaxBodyBytes;
        var userId = TestData.NewUserId();
        var empty = AutherEvent.Create("account.linked", new { userId, padding = "" });
        var evt = empty with { Data = new { userId, padding = new string('x', limit - Encoding.UTF8.GetByteCount(empty.ToJson())) } };
        var delivery = AutherWebhookSigner.Svix(evt, api.SigningSecret);
        delivery.Body.Length.ShouldBe(limit);
        using var request = delivery.ToRequest();
        if (chunked)
        {
            request.Content = new StreamContent(new NonSeekableStream(delivery.Body));
            request.Content.Headers.ContentType = new("application/json");
        }

        using var client = api.Client();
        (await WebhookApiFixture.OutcomeAsync(await client.SendAsync(request))).ShouldBe("ignored");
    }

    [Fact]
    public async Task EmptyBody_Returns401Problem()
    {
        using var response = await api.SendAsync(new SignedWebhook([], "application/json", []));

        await ProblemAssert.IsProblemAsync(response, 401);
    }

    [Theory]
    [InlineData("{\"id\":\"evt_1\",\"type\":\"user.updated\",\"timestamp\":")]
    [InlineData("{\"id\":\"evt_2\",\"type\":\"user.updated\",\"timestamp\":1767225600123}")]
    [InlineData("not json at all")]
    public async Task MalformedContentWithAGoodSignature_Returns400Problem_AndIsRecordedAsRejected(string body)
    {
        var messageId = "msg_" + Guid.NewGuid().ToString("N");
        var bytes = Encoding.UTF8.GetBytes(body);
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var delivery = new SignedWebhook(bytes, "application/json",
        [
            new("svix-id", messageId),
            new("svix-timestamp", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("svix-signature", AutherWebhookSigner.SvixSignature(api.SigningSecret, messageId, seconds, bytes)),
        ]);

        using (var response = await api.SendAsync(delivery))
        {
            await ProblemAssert.IsProblemAsync(response, 400);
        }

        using (var again = await api.SendAsync(delivery))
        {
            await ProblemAssert.IsProblemAsync(again, 400);
        }

        var row = await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.MessageId == messageId));
        row.Status.ShouldBe(WebhookEventStatus.Rejected);
        row.Payload.ShouldBe(body);
        row.LastError.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task MalformedNativeDelivery_WithoutAnIdHeader_IsRecordedUnderItsContentHash()
    {
        var bytes = Encoding.UTF8.GetBytes("id=evt_" + Guid.NewGuid().ToString("N"));
        var milliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var delivery = new SignedWebhook(bytes, "application/x-www-form-urlencoded",
        [
            new("x-webhook-timestamp", milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("x-webhook-signature", AutherWebhookSigner.NativeSignature(api.SigningSecret, milliseconds, bytes)),
        ]);

        using (var response = await api.SendAsync(delivery))
        {
            await ProblemAssert.IsProblemAsync(response, 400);
        }

        var key = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var row = await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.MessageId == key));
        (row.Status, row.Format).ShouldBe((WebhookEventStatus.Rejected, "native"));
    }

    [Fact]
    public async Task EventWithoutItsRequiredField_Returns400Problem_AndAppliesNothing()
    {
        var evt = AutherEvent.Create("user.updated", new { email = "no-id@example.com" });

        using var response = await api.SendAsync(evt);

        await ProblemAssert.IsProblemAsync(response, 400);
        var row = await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.EventId == evt.Id));
        row.Status.ShouldBe(WebhookEventStatus.Rejected);
        (await api.QueryAsync(db => db.Users.AnyAsync(u => u.Email == "no-id@example.com"))).ShouldBeFalse();
    }

    [Fact]
    public async Task UnknownEventType_IsAcknowledgedAndRecordedAsIgnored()
    {
        var evt = AutherEvent.Create("account.linked", new { userId = TestData.NewUserId(), providerId = "github" });

        (await api.DeliverAsync(evt)).ShouldBe("ignored");

        (await api.QueryAsync(db => db.WebhookEvents.SingleAsync(e => e.EventId == evt.Id))).Status.ShouldBe(WebhookEventStatus.Ignored);
    }

    [Fact]
    public async Task Receiver_NeedsNoBearerToken_ButAnInvalidOneIsNotAnExcuse()
    {
        var evt = UserCreated(TestData.NewUserId());
        using var request = AutherWebhookSigner.Svix(evt, api.SigningSecret).ToRequest();
        request.Headers.Authorization = new("Bearer", "not-a-jwt");

        using var client = api.Client();
        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task AssertRefusedAsync(SignedWebhook delivery, AutherEvent evt)
    {
        using var response = await api.SendAsync(delivery);

        await ProblemAssert.IsProblemAsync(response, 401);
        (await api.QueryAsync(db => db.WebhookEvents.AnyAsync(e => e.EventId == evt.Id))).ShouldBeFalse();
        var userId = System.Text.Json.JsonDocument.Parse(evt.DataJson).RootElement.GetProperty("id").GetString();
        (await api.QueryAsync(db => db.Users.AnyAsync(u => u.Id == userId))).ShouldBeFalse();
    }

    private static AutherEvent UserCreated(string userId, DateTimeOffset? at = null) => AutherEvent.Create("user.created", new
    {
        id = userId,
        email = $"{userId}@example.com",
        name = "Ada Lovelace",
        emailVerified = true,
        image = (string?)null,
        createdAt = "2026-01-01T00:00:00.000Z",
    }, at);

    /// <summary>Makes HttpClient send the body chunked, without a Content-Length.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
