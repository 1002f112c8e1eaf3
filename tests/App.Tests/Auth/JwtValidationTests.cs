using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using App.Tests.Infrastructure;
using Auther.Dev;
using Auther.Dev.Tokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>Every way a bearer token can be wrong, against real tokens from the local Auther (EdDSA).</summary>
public sealed class JwtValidationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ValidEdDsaToken_GetsTheCallersPrincipalAndShadowRow()
    {
        var userId = TestData.NewUserId();
        using var client = api.ClientWith(api.TokenFor(userId, r => r with
        {
            Permissions = ApiFixture.PermissionMap("notifications:read", "expense:approve"),
            AbacRequired = ApiFixture.PermissionMap("expense:approve"),
            Impersonator = "admin_7",
        }));

        using var response = await client.GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var principal = body.RootElement.GetProperty("principal");
        principal.GetProperty("userId").GetString().ShouldBe(userId);
        principal.GetProperty("authMethod").GetString().ShouldBe("jwt");
        principal.GetProperty("impersonator").GetString().ShouldBe("admin_7");
        // The token's own map, plus what the row's role grants: a role-less token takes the row's role,
        // Auther's default `user` (notifications:read and :write).
        principal.GetProperty("grantedPermissions").EnumerateArray().Select(e => e.GetString())
            .ShouldBe(["expense:approve", "notifications:read", "notifications:write"]);
        principal.GetProperty("abacRequired").GetProperty("expense")[0].GetString().ShouldBe("approve");
        body.RootElement.GetProperty("user").GetProperty("email").GetString().ShouldBe($"{userId}@example.com");
    }

    [Fact]
    public async Task NoToken_Returns401ProblemWithABareChallenge()
    {
        using var response = await api.CreateClient().GetAsync("/api/me");

        await ProblemAssert.IsProblemAsync(response, 401);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Theory]
    [InlineData("expired", "expired")]
    [InlineData("audience", "bad_audience")]
    [InlineData("issuer", "bad_issuer")]
    [InlineData("not-yet-valid", "not_yet_valid")]
    [InlineData("tampered", "bad_signature")]
    [InlineData("no-exp", "no_expiry")]
    [InlineData("claims-shape", "bad_claims")]
    public async Task InvalidToken_Returns401_SayingWhyInGeneralTerms_WithoutEchoingTheToken(string defect, string code)
    {
        var userId = TestData.NewUserId();
        var token = defect switch
        {
            "expired" => api.TokenFor(userId, r => r with { IssuedAt = DateTimeOffset.UtcNow.AddHours(-2), Lifetime = TimeSpan.FromMinutes(30) }),
            "audience" => api.TokenFor(userId, r => r with { Audience = "another-api" }),
            "issuer" => api.TokenFor(userId, r => r with { Issuer = "https://evil.example.com" }),
            "not-yet-valid" => api.TokenFor(userId, r => r with { ExtraClaims = new Dictionary<string, object?> { ["nbf"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() } }),
            "tampered" => Tamper(api.TokenFor(userId)),
            "no-exp" => api.TokenFor(userId, r => r with { ExtraClaims = new Dictionary<string, object?> { ["exp"] = null } }),
            _ => api.TokenFor(userId, r => r with { ExtraClaims = new Dictionary<string, object?> { ["permissions"] = new[] { "user:read" } } }),
        };

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        var problem = await ProblemAssert.IsProblemAsync(response, 401);
        problem.GetProperty("code").GetString().ShouldBe(code);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer error=\"invalid_token\", error_description=\"");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain(token.Split('.')[2]);
    }

    [Fact]
    public async Task ExpiredWithinTheClockSkew_IsStillAccepted()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with
        {
            IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-10),
            Lifetime = TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(10),
        });

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("jku", "https://evil.example.com/jwks")]
    [InlineData("x5u", "https://evil.example.com/cert.pem")]
    [InlineData("x5c", "MIIBszCCAVmgAwIBAgIJAK")]
    [InlineData("crit", "exp")]
    public async Task TokenCarryingKeyMaterialOrCriticalExtensionsInItsHeader_IsRefused(string header, string value)
    {
        object headerValue = header is "x5c" or "crit" ? new[] { value } : value;
        var token = api.TokenFor(TestData.NewUserId(), r => r with { ExtraHeaders = new Dictionary<string, object?> { [header] = headerValue } });

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("forbidden_header");
    }

    [Fact]
    public async Task TokenEmbeddingItsOwnJwk_IsRefused()
    {
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(attacker));
        var token = Forge(new { alg = "ES256", kid = "attacker", jwk = new { jwk.Kty, jwk.Crv, jwk.X, jwk.Y } }, attacker);

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("forbidden_header");
    }

    [Fact]
    public async Task UnsignedAlgNoneToken_IsRefused()
    {
        var payload = Payload(TestData.NewUserId());
        var token = $"{B64("""{"alg":"none","typ":"JWT"}""")}.{B64(payload)}.";

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("bad_algorithm");
    }

    [Fact]
    public async Task Hs256TokenSignedWithThePublishedPublicKey_IsRefused()
    {
        var published = api.Auther.CurrentKey;
        var publicKeyBytes = Encoding.UTF8.GetBytes(published.PublicJwk);
        var signingInput = $"{B64($$"""{"alg":"HS256","kid":"{{published.Kid}}"}""")}.{B64(Payload(TestData.NewUserId()))}";
        var signature = Base64UrlEncoder.Encode(HMACSHA256.HashData(publicKeyBytes, Encoding.ASCII.GetBytes(signingInput)));

        using var response = await api.ClientWith($"{signingInput}.{signature}").GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("bad_algorithm");
    }

    [Fact]
    public async Task OversizeToken_IsRefusedBeforeParsing()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with { ExtraClaims = new Dictionary<string, object?> { ["padding"] = new string('x', 20_000) } });

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("too_large");
    }

    [Fact]
    public async Task DeployedStyleToken_WithMillisecondIatAndNoPermissions_IsValid()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with { Style = TokenStyle.Deployed });

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("principal").GetProperty("permissions").EnumerateObject().ShouldBeEmpty();
        body.RootElement.GetProperty("user").GetProperty("emailVerified").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task MachineToken_IsMarkedAndCarriesItsApiKeyId()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with { ApiKeyId = "key_nightly", Lifetime = TimeSpan.FromMinutes(15) });

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("principal").GetProperty("authMethod").GetString().ShouldBe("apikey");
        body.RootElement.GetProperty("principal").GetProperty("apiKeyId").GetString().ShouldBe("key_nightly");
    }

    [Fact]
    public async Task ASecondRequestWithTheSameToken_IsServedFromTheVerifiedTokenCache()
    {
        using var metrics = new AuthMetricsRecorder(api.Services);
        using var client = api.ClientWith(api.TokenFor(TestData.NewUserId()));

        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Verified once; the second request is a cache hit, not a second signature check.
        metrics.Count("ok").ShouldBe(1);
        metrics.Count("ok_cached").ShouldBe(1);
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1])).RootElement;
        var changed = payload.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        changed["sub"] = "someone-else";
        return $"{parts[0]}.{B64(JsonSerializer.Serialize(changed))}.{parts[2]}";
    }

    private string Forge(object header, ECDsa key)
    {
        var signingInput = $"{B64(JsonSerializer.Serialize(header))}.{B64(Payload(TestData.NewUserId()))}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    private string Payload(string userId) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["sub"] = userId,
        ["iss"] = api.Auther.Issuer,
        ["aud"] = ApiFixture.Audience,
        ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
    });

    private static string B64(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));
}
