using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Permissions;

/// <summary>Deployed check-permission answers for its caller only, whatever subject the body names.</summary>
public sealed class DeployedCheckPermissionTests
{
    [Fact]
    public async Task CookieAndOriginAlone_Answer401MissingAuthenticationRequirements()
    {
        await using var server = await Deployed.StartAsync();
        var admin = Deployed.SignedInAdmin(server);
        using var client = TestAuther.Client(server);

        var response = await client.SendAsync(Deployed.Request(server, HttpMethod.Post, "/api/auth/check-permission", admin.SignedCookie, Body("someone")));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("error").GetString().ShouldBe("unauthorized");
        body.GetProperty("message").GetString().ShouldBe("Missing authentication requirements");
    }

    [Fact]
    public async Task BearerSessionTokenWithCookie_AnswersForTheCaller_NotTheBodysSubject()
    {
        await using var server = await Deployed.StartAsync();
        var caller = Deployed.SignedInAdmin(server);
        server.Grant(caller.UserId, "report", "r1", "read");
        using var client = TestAuther.Client(server);

        var forOther = Deployed.Request(server, HttpMethod.Post, "/api/auth/check-permission", caller.SignedCookie, Body("someone-without-grants"));
        forOther.Headers.Authorization = new AuthenticationHeaderValue("Bearer", caller.Token);
        var response = await client.SendAsync(forOther);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("allowed").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task ApiKey_AnswersForTheKeysOwner()
    {
        await using var server = await Deployed.StartAsync(o => o.ApiKeys["service-key"] = "key-owner");
        server.Grant("someone", "report", "r1", "read");
        using var client = TestAuther.Client(server);
        client.DefaultRequestHeaders.Add("x-api-key", "service-key");

        var response = await client.PostAsJsonAsync("/api/auth/check-permission", Body("someone"));

        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("allowed").GetBoolean().ShouldBeFalse();
    }

    private static object Body(string subjectId) => new
    {
        entityType = "report", entityId = "r1", permission = "read", subject = new { type = "user", id = subjectId },
    };
}
