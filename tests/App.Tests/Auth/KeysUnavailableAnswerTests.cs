using System.Net.Http.Headers;
using System.Text;
using App.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>
/// Auther unreachable before any key was loaded: the bearer is answered 503 with the problem a client retries on,
/// no challenge (the token is not at fault), and the verification counted as <c>keys_unavailable</c>.
/// </summary>
public sealed class KeysUnavailableAnswerTests(UnreachableAutherFixture api) : IClassFixture<UnreachableAutherFixture>
{
    [Fact]
    public async Task ABearerWhileNoKeysCanBeHad_IsAnsweredRetryLater_WithoutAChallenge_AndCounted()
    {
        using var metrics = new AuthMetricsRecorder(api.Services);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WellFormedToken());

        using var response = await client.GetAsync("/api/me");

        var problem = await ProblemAssert.IsProblemAsync(response, 503);
        problem.GetProperty("code").GetString().ShouldBe("keys_unavailable");
        problem.GetProperty("title").GetString().ShouldBe("Token verification is temporarily unavailable");
        response.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldBe(TimeSpan.FromSeconds(5));
        response.Headers.WwwAuthenticate.ShouldBeEmpty();
        metrics.Count("keys_unavailable").ShouldBe(1);
    }

    private static string WellFormedToken()
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return $"{Part("""{"alg":"EdDSA","kid":"k1"}""")}.{Part($$"""{"sub":"u1","aud":"app-api","exp":{{exp}}}""")}.{Base64UrlEncoder.Encode(new byte[64])}";
    }
}
