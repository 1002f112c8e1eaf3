using System.Net;
using System.Net.Http.Headers;
using System.Text;
using App.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>Auther unreachable before any key was ever loaded: the token is not at fault, so 503, not 401.</summary>
public sealed class ColdStartTests(UnreachableAutherFixture api) : IClassFixture<UnreachableAutherFixture>
{
    [Fact]
    public async Task BearerRequest_WhenNoKeysCanBeHad_Returns503WithRetryAfter()
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WellFormedToken());

        using var response = await client.GetAsync("/api/me");

        var problem = await ProblemAssert.IsProblemAsync(response, 503);
        problem.GetProperty("code").GetString().ShouldBe("keys_unavailable");
        response.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task Ready_WhenNoKeysAreLoaded_Returns503()
    {
        using var response = await api.CreateClient().GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"jwks\"");
    }

    [Fact]
    public async Task AnonymousRequest_WhenNoKeysCanBeHad_IsStillJust401()
    {
        using var response = await api.CreateClient().GetAsync("/api/me");

        await ProblemAssert.IsProblemAsync(response, 401);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    private static string WellFormedToken()
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return $"{Part("""{"alg":"EdDSA","kid":"k1"}""")}.{Part($$"""{"sub":"u1","aud":"app-api","exp":{{exp}}}""")}.{Base64UrlEncoder.Encode(new byte[64])}";
    }
}

/// <summary>The API configured with an Auther address nothing listens on.</summary>
public sealed class UnreachableAutherFixture() : ApiFixture(new() { Settings = { ["Auther:Url"] = "http://127.0.0.1:9", ["Auther:Issuers:0"] = "http://127.0.0.1:9" } });
