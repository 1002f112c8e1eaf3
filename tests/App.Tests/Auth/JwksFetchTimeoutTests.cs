using System.Diagnostics;
using System.Text;
using App.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>A one-second JWKS timeout, and no unknown-kid cooldown so each test causes its own fetch.</summary>
public sealed class ShortJwksTimeoutFixture() : ApiFixture(new()
{
    Settings = { ["Auth:JwksFetchTimeout"] = "00:00:01", ["Auth:UnknownKidCooldown"] = "00:00:00" },
});

/// <summary>
/// <c>Auth:JwksFetchTimeout</c> bounds the fetch an unknown kid causes, on the request itself (third hostile
/// round, item 6): with Auther's JWKS hanging, tokens naming a made-up kid (no valid signature needed) were
/// held for HttpClient's 100 s each.
/// </summary>
public sealed class JwksFetchTimeoutTests(ShortJwksTimeoutFixture api) : IClassFixture<ShortJwksTimeoutFixture>
{
    [Fact]
    public async Task UnknownKidRequests_WhileTheJwksHangs_AreAnsweredWithinTheFetchTimeout()
    {
        // The keys are loaded first, so the hang meets only the refresh an unknown kid causes.
        (await api.ClientWith(api.TokenFor(TestData.NewUserId())).GetAsync("/api/me")).EnsureSuccessStatusCode();
        api.Auther.ResponseDelay = TimeSpan.FromSeconds(60);
        try
        {
            var started = Stopwatch.StartNew();
            var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
            {
                using var client = api.ClientWith(MadeUpKidToken($"made-up-{i}"));
                client.Timeout = TimeSpan.FromSeconds(30);
                using var response = await client.GetAsync("/api/me");
                return (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString();
            }));

            answers.ShouldAllBe(code => code == "unknown_kid");
            started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4), "each fetch is bounded by the one-second timeout, with room for a busy machine");
        }
        finally
        {
            api.Auther.ResponseDelay = TimeSpan.Zero;
        }
    }

    /// <summary>A well-formed token whose kid Auther never published; its signature is never checked.</summary>
    private string MadeUpKidToken(string kid)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = $$"""{"alg":"EdDSA","kid":"{{kid}}","typ":"JWT"}""";
        var payload = $$"""{"sub":"{{TestData.NewUserId()}}","iss":"{{api.Auther.Issuer}}","aud":"{{ApiFixture.Audience}}","iat":{{now}},"exp":{{now + 600}}}""";
        return $"{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header))}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.{Base64UrlEncoder.Encode(new byte[64])}";
    }
}
