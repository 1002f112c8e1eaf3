using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;
using Auther.Dev.Webhooks;

namespace Auther.Dev.Tests.Admin;

/// <summary>Deployed Auther's admin routes: a signed admin session cookie with a trusted Origin, nothing else.</summary>
public sealed class DeployedAdminAuthTests
{
    private const string ListUsers = "/api/auth/admin/list-users";

    [Fact]
    public async Task ApiKey_IsRefusedWith401()
    {
        await using var server = await Deployed.StartAsync();
        using var client = TestAuther.Client(server);
        client.DefaultRequestHeaders.Add("x-api-key", TestAuther.AdminApiKey);

        await ErrorAssert.BetterAuthAsync(await client.GetAsync(ListUsers), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task SignedCookieWithOrigin_IsAccepted_TheRawTokenIsNot_NorTheCookieWithoutOrigin()
    {
        await using var server = await Deployed.StartAsync();
        var admin = Deployed.SignedInAdmin(server);

        (await Deployed.SendAsync(server, Deployed.Request(server, HttpMethod.Get, ListUsers, admin.SignedCookie))).ShouldBe(HttpStatusCode.OK);
        (await Deployed.SendAsync(server, Deployed.Request(server, HttpMethod.Get, ListUsers, admin.Token))).ShouldBe(HttpStatusCode.Unauthorized);
        (await Deployed.SendAsync(server, Deployed.Request(server, HttpMethod.Get, ListUsers, admin.SignedCookie, origin: false))).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ANonAdminSession_Answers403()
    {
        await using var server = await Deployed.StartAsync();
        var user = server.CreateUser("plain@example.com", password: Deployed.Password);
        var session = server.SignInWithPassword(user.Email, Deployed.Password);

        (await Deployed.SendAsync(server, Deployed.Request(server, HttpMethod.Get, ListUsers, session.SignedCookie))).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AdminSession_ExpiresAfterTheLifetimeUnused_AndSlidesWhenUsed()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await Deployed.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.SessionLifetime = TimeSpan.FromDays(7);
        });
        var admin = Deployed.SignedInAdmin(server);

        clock.Advance(TimeSpan.FromDays(6));
        (await Deployed.SendAsync(server, Deployed.Request(server, HttpMethod.Get, ListUsers, admin.SignedCookie))).ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromDays(6));
        (await Deployed.SendAsync(server, Deployed.Request(server, HttpMethod.Get, ListUsers, admin.SignedCookie))).ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        (await Deployed.SendAsync(server, Deployed.Request(server, HttpMethod.Get, ListUsers, admin.SignedCookie))).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AdminSession_EndsWhenThatAdminIsBanned_OrTheirSessionsAreRevoked()
    {
        await using var server = await Deployed.StartAsync();
        var banned = Deployed.SignedInAdmin(server);
        var revoked = Deployed.SignedInAdmin(server);

        server.Operator.Ban(banned.UserId, "left the company");
        server.Operator.RevokeSessions(revoked.UserId);

        (await Deployed.SendAsync(server, Deployed.Request(server, HttpMethod.Get, ListUsers, banned.SignedCookie))).ShouldBe(HttpStatusCode.Unauthorized);
        (await Deployed.SendAsync(server, Deployed.Request(server, HttpMethod.Get, ListUsers, revoked.SignedCookie))).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BanUser_SetsTheBanFieldsAndUpdatedAt_EndsTheSessions_AndEmitsNothing()
    {
        await using var receiver = await WebhookRecorder.StartAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await Deployed.StartAsync(o => o.TimeProvider = clock);
        var admin = Deployed.SignedInAdmin(server);
        var user = server.CreateUser("ban-me@example.com", password: Deployed.Password);
        server.SignInWithPassword(user.Email, Deployed.Password);
        // Owned by the banned user: the one endpoint deployed Auther would tell about that user.
        server.AddWebhookEndpoint(new WebhookEndpointOptions { Url = receiver.Url, Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", OwnerUserId = user.Id });
        clock.Advance(TimeSpan.FromMinutes(5));
        using var client = TestAuther.Client(server);

        var response = await client.SendAsync(Deployed.Request(server, HttpMethod.Post, "/api/auth/admin/ban-user", admin.SignedCookie,
            new { userId = user.Id, banReason = "spam", banExpiresIn = 3600 }));

        var banned = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user");
        banned.GetProperty("banned").GetBoolean().ShouldBeTrue();
        banned.GetProperty("banReason").GetString().ShouldBe("spam");
        DateTimeOffset.Parse(banned.GetProperty("banExpires").GetString()!).ShouldBe(clock.GetUtcNow().AddHours(1), TimeSpan.FromSeconds(1));
        DateTimeOffset.Parse(banned.GetProperty("updatedAt").GetString()!).ShouldBe(clock.GetUtcNow(), TimeSpan.FromSeconds(1));
        server.SessionsOf(user.Id).ShouldBeEmpty();
        await server.WaitUntilIdleAsync();
        receiver.Received.ShouldBeEmpty();
    }
}
