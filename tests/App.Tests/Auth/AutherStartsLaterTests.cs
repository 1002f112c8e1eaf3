using System.Net;
using App.Tests.Infrastructure;
using App.TestSupport.Cluster;
using Auther.Dev;
using Auther.Dev.Tokens;

namespace App.Tests.Auth;

/// <summary>
/// Auther down when the instance starts (nothing listens at its address), up later: the instance says so on
/// /health/ready, answers bearer requests 503, and serves them once Auther answers, without a restart.
/// </summary>
public sealed class AutherStartsLaterTests(AutherStartsLaterFixture api) : IClassFixture<AutherStartsLaterFixture>
{
    [Fact]
    public async Task InstanceStartedBeforeAuther_IsNotReady_ThenServesOnceAutherAnswers()
    {
        var client = api.CreateClient();
        using (var notReady = await client.GetAsync("/health/ready"))
        {
            (await ProblemAssert.IsProblemAsync(notReady, 503)).GetProperty("checks").GetProperty("jwks").GetProperty("status").GetString().ShouldBe("Unhealthy");
        }

        await using var auther = await AutherDevServer.StartAsync(new AutherDevOptions
        {
            Port = AutherStartsLaterFixture.Port,
            Audience = ApiFixture.Audience,
            AdminApiKey = ApiFixture.AdminApiKey,
            SignupSecret = ApiFixture.SignupSecret,
        });
        var token = auther.MintToken(new TokenRequest { UserId = TestData.NewUserId() });
        using (var early = await api.ClientWith(token).GetAsync("/api/me"))
        {
            // Either still waiting for the keys (503, not the token's fault) or already served.
            early.StatusCode.ShouldBeOneOf(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        }

        var ready = await Eventually.ReturnsAsync(async () => (await client.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK,
            within: TimeSpan.FromSeconds(20));
        ready.ShouldBe(HttpStatusCode.OK);
        (await api.ClientWith(token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>The API pointed at a loopback port where no Auther listens yet (the test starts one there).</summary>
public sealed class AutherStartsLaterFixture() : ApiFixture(new() { Settings = { ["Auther:Url"] = Url, ["Auther:Issuers:0"] = Url } })
{
    public static readonly int Port = OwnedProcess.FreePort();

    private static string Url => $"http://127.0.0.1:{Port}";
}
