using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Auther.Dev.Tests.Infrastructure;
using Auther.Dev.Webhooks;
using Auther.Dev.Webhooks.Delivery;
using Microsoft.AspNetCore.WebUtilities;

namespace Auther.Dev.Tests.Webhooks;

public sealed partial class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private WebhookRecorder _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookRecorder.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task SignUp_EmitsUserCreated_SignedSvix_ThatVerifies()
    {
        await using var server = await TestAuther.StartAsync(o => o.WebhookEndpoints.Add(Endpoint(SignatureFormat.Svix)));

        var userId = await SignUpAsync(server, "svix@example.com");

        var request = (await _receiver.WaitForAsync(1)).ShouldHaveSingleItem();
        WebhookVerify.Svix(request, Secret).ShouldBeTrue();
        var envelope = JsonDocument.Parse(request.Body).RootElement;
        request.Header("svix-id").ShouldBe(envelope.GetProperty("id").GetString());
        long.Parse(request.Header("svix-timestamp"), CultureInfo.InvariantCulture).ShouldBeInRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        AssertUserCreated(envelope, userId, "svix@example.com");
    }

    [Fact]
    public async Task SignUp_EmitsUserCreated_SignedNative_ThatVerifies()
    {
        await using var server = await TestAuther.StartAsync(o => o.WebhookEndpoints.Add(Endpoint(SignatureFormat.Native)));

        var userId = await SignUpAsync(server, "native@example.com");

        var request = (await _receiver.WaitForAsync(1)).ShouldHaveSingleItem();
        WebhookVerify.Native(request, Secret).ShouldBeTrue();
        var envelope = JsonDocument.Parse(request.Body).RootElement;
        request.Header("x-webhook-id").ShouldBe(envelope.GetProperty("id").GetString());
        request.Header("x-webhook-timestamp").ShouldBe(envelope.GetProperty("timestamp").GetInt64().ToString(CultureInfo.InvariantCulture));
        request.Header("x-webhook-origin").ShouldBe("better-auth");
        request.ContentType.ShouldStartWith("application/json");
        AssertUserCreated(envelope, userId, "native@example.com");
    }

    [Fact]
    public async Task NativeFormEncoded_SendsTheEnvelopeAsFormFields_SignedOverTheRawForm()
    {
        await using var server = await TestAuther.StartAsync(o => o.WebhookEndpoints.Add(Endpoint(SignatureFormat.Native, form: true)));

        var userId = await SignUpAsync(server, "form@example.com");

        var request = (await _receiver.WaitForAsync(1)).ShouldHaveSingleItem();
        request.ContentType.ShouldStartWith("application/x-www-form-urlencoded");
        WebhookVerify.Native(request, Secret).ShouldBeTrue();
        var form = QueryHelpers.ParseQuery(request.Body);
        form["id"].ToString().ShouldBe(request.Header("x-webhook-id"));
        form["type"].ToString().ShouldBe("user.created");
        JsonDocument.Parse(form["data"].ToString()).RootElement.GetProperty("id").GetString().ShouldBe(userId);
    }

    [Fact]
    public async Task FailingEndpoint_IsRetried_WithTheSameIdTimestampAndBody_InNativeFormat()
    {
        await using var server = await TestAuther.StartAsync(o => o.WebhookEndpoints.Add(Endpoint(SignatureFormat.Native)));
        _receiver.FailNext(2);

        var evt = server.Emit("user.updated", new { id = "u-1", email = "a@example.com" });

        var requests = await _receiver.WaitForAsync(3);
        requests.Select(r => r.Header("x-webhook-id")).Distinct().ShouldBe([evt.Id]);
        requests.Select(r => r.Header("x-webhook-timestamp")).Distinct().ShouldBe([evt.Timestamp.ToString(CultureInfo.InvariantCulture)]);
        requests.Select(r => r.Body).Distinct().Count().ShouldBe(1);
        requests.ShouldAllBe(r => WebhookVerify.Native(r, Secret));
        var delivery = (await server.WaitForDeliveriesAsync("user.updated")).ShouldHaveSingleItem();
        delivery.Attempts.ShouldBe(3);
        delivery.LastStatusCode.ShouldBe(204);
    }

    [Fact]
    public async Task FailingEndpoint_InSvixFormat_IsRetriedWithTheSameId_ReSignedWithAFreshTimestamp()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestAuther.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.WebhookEndpoints.Add(Endpoint(SignatureFormat.Svix));
        });
        _receiver.FailNext(1);
        _receiver.OnRequest = _ => clock.Advance(TimeSpan.FromSeconds(10));

        server.Emit("user.updated", new { id = "u-1" });

        var requests = await _receiver.WaitForAsync(2);
        requests[0].Header("svix-id").ShouldBe(requests[1].Header("svix-id"));
        var first = long.Parse(requests[0].Header("svix-timestamp"), CultureInfo.InvariantCulture);
        var second = long.Parse(requests[1].Header("svix-timestamp"), CultureInfo.InvariantCulture);
        (second - first).ShouldBeGreaterThanOrEqualTo(10);
        requests.ShouldAllBe(r => WebhookVerify.Svix(r, Secret));
    }

    [Fact]
    public async Task EndpointThatNeverRecovers_IsGivenUpAfterMaxAttempts()
    {
        await using var server = await TestAuther.StartAsync(o =>
        {
            o.Retry.MaxAttempts = 3;
            o.WebhookEndpoints.Add(Endpoint(SignatureFormat.Native));
        });
        _receiver.FailNext(100);

        server.Emit("user.updated", new { id = "u-1" });

        var deliveries = await server.WaitForDeliveriesAsync(ds => ds.Any(d => d.Status == DeliveryStatus.Failed));
        deliveries.ShouldHaveSingleItem().Attempts.ShouldBe(3);
        deliveries[0].LastStatusCode.ShouldBe(500);
        _receiver.Received.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Resend_DeliversTheSameEventAgain()
    {
        await using var server = await TestAuther.StartAsync(o => o.WebhookEndpoints.Add(Endpoint(SignatureFormat.Native)));
        var evt = server.Emit("user.updated", new { id = "u-1" });
        var delivery = (await server.WaitForDeliveriesAsync("user.updated")).Single();

        var response = await TestAuther.Client(server).PostAsync($"/dev/deliveries/{delivery.DeliveryId}/resend", null);

        response.IsSuccessStatusCode.ShouldBeTrue();
        var requests = await _receiver.WaitForAsync(2);
        requests.Select(r => r.Header("x-webhook-id")).ShouldBe([evt.Id, evt.Id]);
        await server.WaitUntilIdleAsync();
        server.Deliveries.Single().Attempts.ShouldBe(2);
    }

    private WebhookEndpointOptions Endpoint(SignatureFormat format, bool form = false) =>
        new() { Url = _receiver.Url, Secret = Secret, Format = format, FormEncoded = form };

    private static async Task<string> SignUpAsync(AutherDevServer server, string email)
    {
        using var client = TestAuther.Client(server);
        client.DefaultRequestHeaders.Add("x-internal-signup-secret", TestAuther.SignupSecret);
        var response = await client.PostAsJsonAsync("/api/auth/sign-up/email", new { name = "New User", email, password = "correct horse battery" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("id").GetString()!;
    }

    private static void AssertUserCreated(JsonElement envelope, string userId, string email)
    {
        EventId().IsMatch(envelope.GetProperty("id").GetString()!).ShouldBeTrue();
        envelope.GetProperty("type").GetString().ShouldBe("user.created");
        envelope.GetProperty("timestamp").GetInt64().ShouldBeGreaterThan(1_000_000_000_000);
        envelope.TryGetProperty("origin", out _).ShouldBeFalse("only deployed Auther adds origin to the envelope");
        var data = envelope.GetProperty("data");
        data.GetProperty("id").GetString().ShouldBe(userId);
        data.GetProperty("email").GetString().ShouldBe(email);
        data.GetProperty("name").GetString().ShouldBe("New User");
        data.GetProperty("emailVerified").GetBoolean().ShouldBeFalse();
        data.GetProperty("createdAt").GetString().ShouldNotBeNullOrEmpty();
    }

    [GeneratedRegex("^evt_[0-9a-f]{32}$")]
    private static partial Regex EventId();
}
