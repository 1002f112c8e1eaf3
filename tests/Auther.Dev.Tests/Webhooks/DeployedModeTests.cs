using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;
using Auther.Dev.Tokens;
using Auther.Dev.Webhooks;

namespace Auther.Dev.Tests.Webhooks;

/// <summary>Deployed Auther's quirks the app must survive (docs/auther-contract.md, docs/decisions.md).</summary>
public sealed class DeployedModeTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private WebhookRecorder _owned = null!;
    private WebhookRecorder _unowned = null!;

    public async Task InitializeAsync()
    {
        _owned = await WebhookRecorder.StartAsync();
        _unowned = await WebhookRecorder.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _owned.DisposeAsync();
        await _unowned.DisposeAsync();
    }

    [Fact]
    public async Task UserAndSessionEvents_GoOnlyToEndpointsOwnedByThatUser_OtherEventsGoEverywhere()
    {
        await using var server = await StartAsync(AutherMode.Deployed);

        server.CreateUser("owner@example.com", id: "owner-1");
        server.CreateUser("someone@example.com", id: "someone-else");
        server.SignIn("someone-else", "Mozilla/5.0", "10.0.0.1");
        server.SignIn("owner-1", "Mozilla/5.0", "10.0.0.2");
        server.Grant("someone-else", "expense", "e1", "viewer");
        await server.WaitUntilIdleAsync();

        Types(_owned).ShouldBe(["user.created", "session.created", "grant.created"]);
        Types(_unowned).ShouldBe(["grant.created"]);
    }

    [Fact]
    public async Task Remove_NeverSendsUserDeleted_InDeployedMode()
    {
        await using var server = await StartAsync(AutherMode.Deployed);
        server.CreateUser("owner@example.com", id: "owner-1");

        server.Remove("owner-1");
        await server.WaitUntilIdleAsync();

        Types(_owned).ShouldBe(["user.created"]);
        server.FindUser("owner-1").ShouldBeNull();
    }

    [Fact]
    public async Task Remove_SendsUserDeleted_InDocumentedMode()
    {
        await using var server = await StartAsync(AutherMode.Documented);
        server.CreateUser("owner@example.com", id: "owner-1");

        server.Remove("owner-1");
        await server.WaitUntilIdleAsync();

        Types(_unowned).ShouldBe(["user.created", "user.deleted"]);
    }

    [Fact]
    public async Task Envelope_CarriesOrigin_InDeployedMode()
    {
        await using var server = await StartAsync(AutherMode.Deployed);

        server.CreateUser("owner@example.com", id: "owner-1");

        var request = (await _owned.WaitForAsync(1)).Single();
        JsonDocument.Parse(request.Body).RootElement.GetProperty("origin").GetString().ShouldBe("better-auth");
        WebhookVerify.Native(request, Secret).ShouldBeTrue();
    }

    [Fact]
    public async Task WrongSignupSecret_Answers500WithAnEmptyBody_InDeployedMode()
    {
        await using var server = await StartAsync(AutherMode.Deployed);
        using var client = TestAuther.Client(server);
        client.DefaultRequestHeaders.Add("x-internal-signup-secret", "wrong");

        var response = await client.PostAsJsonAsync("/api/auth/sign-up/email", new { name = "N", email = "n@example.com", password = "long enough" });

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task MintedTokens_AreDeployedStyle_ByDefault()
    {
        await using var server = await StartAsync(AutherMode.Deployed);

        var claims = Jwt.Payload(server.MintToken(new TokenRequest { UserId = "u" }));

        claims.TryGetProperty("emailVerified", out _).ShouldBeTrue();
        claims.GetProperty("iat").GetInt64().ShouldBeGreaterThan(100_000_000_000);
    }

    private Task<AutherDevServer> StartAsync(AutherMode mode) => TestAuther.StartAsync(o =>
    {
        o.Mode = mode;
        o.WebhookEndpoints.Add(new WebhookEndpointOptions { Url = _owned.Url, Secret = Secret, OwnerUserId = "owner-1" });
        o.WebhookEndpoints.Add(new WebhookEndpointOptions { Url = _unowned.Url, Secret = Secret });
    });

    private static List<string> Types(WebhookRecorder receiver) =>
        receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()!).ToList();
}
