using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Api.Auth;
using App.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>
/// What a client reads when its token is refused: a 401 problem titled "Invalid token" whose code is the
/// reason and whose detail is the general description, the same description in the RFC 6750 challenge, and
/// the verification counted once under that reason.
/// </summary>
public sealed class TokenRejectionAnswerTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("too-large", "too_large", "The token is too large.")]
    [InlineData("malformed", "malformed", "The token is malformed.")]
    [InlineData("hs256-header", "bad_algorithm", "The token's signing algorithm is not accepted.")]
    [InlineData("jku-header", "forbidden_header", "The token's header carries parameters that are not accepted.")]
    [InlineData("no-kid", "missing_kid", "The token does not name its signing key.")]
    [InlineData("unknown-kid", "unknown_kid", "The token's signing key is not known.")]
    [InlineData("expired", "expired", "The token has expired.")]
    [InlineData("not-yet-valid", "not_yet_valid", "The token is not valid yet.")]
    [InlineData("no-exp", "no_expiry", "The token has no expiry.")]
    [InlineData("tampered", "bad_signature", "The token's signature is invalid.")]
    [InlineData("audience", "bad_audience", "The token is not meant for this API (audience).")]
    [InlineData("issuer", "bad_issuer", "The token's issuer is not trusted.")]
    [InlineData("claims-shape", "bad_claims", "The token's claims do not have the expected shape.")]
    [InlineData("issued-ahead", "issued_in_future", "The token's issue time (iat) is in the future.")]
    [InlineData("thirty-days", "lifetime_too_long", "The token lives longer than this API accepts (exp - iat).")]
    [InlineData("valid-from-after-expiry", "invalid", "The token is invalid.")]
    public async Task EachRefusal_IsAProblemAndAChallenge_SayingWhy_AndIsCountedUnderItsReason(string defect, string reason, string description)
    {
        var token = TokenWith(defect);
        using var metrics = new AuthMetricsRecorder(api.Services);

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        await ShouldBeRefusedAsync(response, reason, description);
        metrics.Count(reason).ShouldBe(1);
        metrics.Count("ok").ShouldBe(0);
    }

    [Fact]
    public async Task ATokenOfExactlyTheSizeLimit_IsAccepted()
    {
        // Auth:MaxTokenBytes, 16 KiB by default: the limit itself is allowed, one character more is too large.
        var token = TokenOfLength(16 * 1024);

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var tooLarge = await api.ClientWith(TokenOfLength(16 * 1024 + 1)).GetAsync("/api/me");
        (await ProblemAssert.IsProblemAsync(tooLarge, 401)).GetProperty("code").GetString().ShouldBe("too_large");
    }

    [Fact]
    public async Task ARevokedToken_IsRefusedAsRevoked()
    {
        var token = api.TokenFor(TestData.NewUserId());
        var jti = new JsonWebToken(token).Id;
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.TokenRevoke);
        (await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { jti })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Eventually.ReturnsAsync(() => StatusAsync(token), s => s == HttpStatusCode.Unauthorized)).ShouldBe(HttpStatusCode.Unauthorized);
        using var response = await api.ClientWith(token).GetAsync("/api/me");

        await ShouldBeRefusedAsync(response, "revoked", "The token has been revoked.");
    }

    [Fact]
    public async Task ATokenOfADeletedAccount_IsRefusedAsSuch()
    {
        var userId = TestData.NewUserId();
        var token = api.TokenFor(userId);
        (await StatusAsync(token)).ShouldBe(HttpStatusCode.OK);

        await api.ChangeUserElsewhereAsync($"UPDATE users SET missing_since = now() WHERE id = {userId}", userId);

        (await Eventually.ReturnsAsync(() => StatusAsync(token), s => s == HttpStatusCode.Unauthorized)).ShouldBe(HttpStatusCode.Unauthorized);
        using var response = await api.ClientWith(token).GetAsync("/api/me");
        await ShouldBeRefusedAsync(response, "account_deleted", "The account this token belongs to has been deleted.");
    }

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response, string reason, string description)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, 401);
        problem.GetProperty("title").GetString().ShouldBe("Invalid token");
        problem.GetProperty("code").GetString().ShouldBe(reason);
        problem.GetProperty("detail").GetString().ShouldBe(description);
        response.Headers.WwwAuthenticate.ToString().ShouldBe($"Bearer error=\"invalid_token\", error_description=\"{description}\"");
    }

    private async Task<HttpStatusCode> StatusAsync(string token)
    {
        using var response = await api.ClientWith(token).GetAsync("/api/me");
        return response.StatusCode;
    }

    private string TokenWith(string defect)
    {
        var userId = TestData.NewUserId();
        var now = DateTimeOffset.UtcNow;
        return defect switch
        {
            "too-large" => api.TokenFor(userId, r => r with { ExtraClaims = new Dictionary<string, object?> { ["padding"] = new string('x', 20_000) } }),
            "malformed" => "!!!.e30.c2ln",
            "hs256-header" => api.TokenFor(userId, r => r with { ExtraHeaders = new Dictionary<string, object?> { ["alg"] = "HS256" } }),
            "jku-header" => api.TokenFor(userId, r => r with { ExtraHeaders = new Dictionary<string, object?> { ["jku"] = "https://evil.example.com/jwks" } }),
            "no-kid" => api.TokenFor(userId, r => r with { ExtraHeaders = new Dictionary<string, object?> { ["kid"] = null } }),
            "unknown-kid" => api.TokenFor(userId, r => r with { ExtraHeaders = new Dictionary<string, object?> { ["kid"] = "no-such-key" } }),
            "expired" => api.TokenFor(userId, r => r with { IssuedAt = now.AddHours(-2), Lifetime = TimeSpan.FromMinutes(30) }),
            "not-yet-valid" => api.TokenFor(userId, r => r with { ExtraClaims = new Dictionary<string, object?> { ["nbf"] = now.AddMinutes(30).ToUnixTimeSeconds() } }),
            "no-exp" => api.TokenFor(userId, r => r with { ExtraClaims = new Dictionary<string, object?> { ["exp"] = null } }),
            "tampered" => Tamper(api.TokenFor(userId)),
            "audience" => api.TokenFor(userId, r => r with { Audience = "another-api" }),
            "issuer" => api.TokenFor(userId, r => r with { Issuer = "https://evil.example.com" }),
            "claims-shape" => api.TokenFor(userId, r => r with { ExtraClaims = new Dictionary<string, object?> { ["permissions"] = new[] { "user:read" } } }),
            "issued-ahead" => api.TokenFor(userId, r => r with { IssuedAt = now.AddHours(1), Lifetime = TimeSpan.FromHours(1) }),
            "thirty-days" => api.TokenFor(userId, r => r with { Lifetime = TimeSpan.FromDays(30) }),
            // Valid from after it expires: IdentityModel refuses the lifetime itself, an error with no reason of its own.
            "valid-from-after-expiry" => api.TokenFor(userId, r => r with
            {
                ExtraClaims = new Dictionary<string, object?> { ["nbf"] = now.AddMinutes(50).ToUnixTimeSeconds(), ["exp"] = now.AddMinutes(40).ToUnixTimeSeconds() },
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(defect), defect, null),
        };
    }

    /// <summary>A valid token of exactly <paramref name="length"/> characters, made so by a padding claim and a header filler.</summary>
    private string TokenOfLength(int length)
    {
        var userId = TestData.NewUserId();
        string Mint(int padding, int filler) => api.TokenFor(userId, r => r with
        {
            ExtraClaims = new Dictionary<string, object?> { ["padding"] = new string('x', padding) },
            ExtraHeaders = new Dictionary<string, object?> { ["filler"] = new string('y', filler) },
        });

        // Base64url takes 4 characters for 3 bytes and never ends a part 1 past a multiple of 4: so several
        // paddings around the estimate, with a header filler of 0 to 3 characters, reach every length.
        var estimate = Math.Max(0, (length - Mint(0, 0).Length) * 3 / 4);
        for (var filler = 0; filler < 4; filler++)
        {
            for (var padding = Math.Max(0, estimate - 8); padding <= estimate + 8; padding++)
            {
                if (Mint(padding, filler) is { } token && token.Length == length)
                {
                    return token;
                }
            }
        }

        throw new InvalidOperationException($"No token of {length} characters.");
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1])).RootElement;
        var changed = payload.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        changed["sub"] = "someone-else";
        return $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(changed))}.{parts[2]}";
    }
}
