using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Interop.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Interop.Tests.Tokens;

/// <summary>Sign-up through the app, then every kind of bearer token the deployed Auther issues, against real better-auth.</summary>
public sealed class SessionTokenTests(InteropFixture fixture) : IClassFixture<InteropFixture>
{
    [Fact]
    public async Task SignUp_ThroughTheAppsProxy_CreatesAUserWhoCanSignInToBetterAuth()
    {
        var email = $"signup-{Guid.NewGuid():N}@interop.test";
        using var app = fixture.AppClient();

        using var response = await app.PostAsJsonAsync("/api/auth/sign-up", new { email, password = "correct-horse-battery", name = "New Person" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var userId = body["userId"]!.GetValue<string>();
        var stored = await fixture.BetterAuth.UserAsync(userId);
        stored.ShouldNotBeNull();
        stored["email"]!.GetValue<string>().ShouldBe(email);
        (await fixture.BetterAuth.SignInAsync(email, "correct-horse-battery")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task SignUp_WhenBetterAuthRefusesTheGateSecret_AnswersABadGatewayProblem_NotA500()
    {
        await using var misconfigured = fixture.CreateApp(new Dictionary<string, string?>
        {
            ["Auther:SignupSecret"] = "not-the-gate-secret-of-this-auther-0123456789",
        });
        using var app = misconfigured.CreateClient();

        using var response = await app.PostAsJsonAsync("/api/auth/sign-up",
            new { email = $"gate-{Guid.NewGuid():N}@interop.test", password = "correct-horse-battery", name = "Gate" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task SessionJwt_FromGetSession_OpensApiMe_AndProvisionsTheShadowRow()
    {
        var user = await fixture.NewUserAsync("session");
        var jwt = await fixture.BetterAuth.SessionJwtAsync(user.Cookie);

        using var response = await fixture.AppClient(jwt).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var me = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        me["user"]!["id"]!.GetValue<string>().ShouldBe(user.Id);
        me["user"]!["role"]!.GetValue<string>().ShouldBe("user");
        await using var db = fixture.CreateDbContext();
        var row = await db.Users.SingleAsync(u => u.Id == user.Id);
        row.Email.ShouldBe(user.Email);
        row.Banned.ShouldBeFalse();
    }

    [Fact]
    public async Task IdTokens_OfBothOAuthClients_AreAcceptedBesideTheSessionJwt()
    {
        var user = await fixture.NewUserAsync("oidc");
        var tokens = new[]
        {
            await fixture.BetterAuth.SessionJwtAsync(user.Cookie),
            await fixture.BetterAuth.IdTokenAsync(user.Cookie, InteropAuther.WebClientId),
            await fixture.BetterAuth.IdTokenAsync(user.Cookie, InteropAuther.MobileClientId),
        };

        foreach (var token in tokens)
        {
            using var response = await fixture.AppClient(token).GetAsync("/api/me");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var me = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            me["user"]!["id"]!.GetValue<string>().ShouldBe(user.Id);
        }
    }
}
