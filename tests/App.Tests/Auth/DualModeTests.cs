using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using App.Api.Auth.Legacy;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Auth;

/// <summary>The cut-over: pre-Auther sessions work beside Auther JWTs and resolve to the same Principal.</summary>
public sealed class DualModeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("cookie")]
    [InlineData("session-header")]
    [InlineData("opaque-bearer")]
    public async Task LegacySession_IsAccepted_AsTheSamePrincipal(string carrier)
    {
        var (userId, session) = await LegacyUserAsync();
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        switch (carrier)
        {
            case "cookie":
                request.Headers.Add("Cookie", $"app_session={session}");
                break;
            case "session-header":
                request.Headers.Authorization = new AuthenticationHeaderValue("Session", session);
                break;
            default:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
                break;
        }

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("principal").GetProperty("userId").GetString().ShouldBe(userId);
        body.RootElement.GetProperty("principal").GetProperty("authMethod").GetString().ShouldBe("legacy");
        body.RootElement.GetProperty("principal").GetProperty("grantedPermissions").EnumerateArray()
            .Select(p => p.GetString()).ShouldContain("user:deactivate");
    }

    [Fact]
    public async Task UnknownOrExpiredSession_Returns401Problem()
    {
        var (_, expired) = await LegacyUserAsync(TimeSpan.FromMilliseconds(1));
        await Task.Delay(10);
        using var client = api.CreateClient();

        foreach (var session in new[] { "no-such-session", expired })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Session", session);
            using var response = await client.SendAsync(request);
            (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("session_invalid");
        }
    }

    [Fact]
    public async Task AnOpaqueBearerToken_Returns401_SayingToSendASessionJwtOrAnIdToken()
    {
        using var client = api.ClientWith("Ab3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH");

        using var response = await client.GetAsync("/api/me");

        var problem = await ProblemAssert.IsProblemAsync(response, 401);
        problem.GetProperty("code").GetString().ShouldBe("token_not_jwt");
        problem.GetProperty("detail").GetString()!.ShouldContain("id_token");
        problem.GetProperty("detail").GetString()!.ShouldContain("session JWT");
    }

    [Fact]
    public async Task JwtAndLegacy_BothWork_AtTheSameTime()
    {
        var (userId, session) = await LegacyUserAsync();
        using var jwt = await api.ClientWith(api.TokenFor(userId)).GetAsync("/api/me");
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Session", session);
        using var legacy = await client.GetAsync("/api/me");

        jwt.StatusCode.ShouldBe(HttpStatusCode.OK);
        legacy.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<(string UserId, string Session)> LegacyUserAsync(TimeSpan? lifetime = null)
    {
        var userId = TestData.NewUserId();
        await using (var db = api.CreateDbContext())
        {
            db.Users.Add(new App.Data.Users.User
            {
                Id = userId, Email = $"{userId}@example.com", Role = "admin",
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        await using var scope = api.Services.CreateAsyncScope();
        var session = await ActivatorUtilities.CreateInstance<LegacySessionIssuer>(scope.ServiceProvider)
            .CreateAsync(userId, lifetime ?? TimeSpan.FromHours(1));
        return (userId, session!);
    }
}

public sealed class LegacyOffFixture() : ApiFixture(new() { Settings = { ["Auth:Legacy:Enabled"] = "false" } });

public sealed class LegacySwitchedOffTests(LegacyOffFixture api) : IClassFixture<LegacyOffFixture>
{
    [Fact]
    public async Task WithTheLegacyPathOff_SessionsAreRefused_AndJwtsStillWork()
    {
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Session", "any-old-session");
        using var legacy = await client.GetAsync("/api/me");
        using var jwt = await api.ClientWith(api.TokenFor(TestData.NewUserId())).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(legacy, 401)).GetProperty("code").GetString().ShouldBe("legacy_disabled");
        jwt.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
