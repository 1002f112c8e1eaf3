using System.Text;
using System.Text.Json;
using App.AutherKeys;
using App.Api.Auth.Jwks;
using App.Api.Auth.Jwt;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>Header attacks are refused before any signature work, for what they are.</summary>
public sealed class TokenPrecheckTests
{
    private static readonly AutherKeySet Keys = new(
        new Dictionary<string, SigningKey> { ["ed-key"] = new(new Ed25519SecurityKey(new byte[32], "ed-key"), "EdDSA") },
        "https://auth.example.com", DateTimeOffset.UnixEpoch, 1);

    [Theory]
    [InlineData("""{"alg":"EdDSA","kid":"ed-key"}""", null)]
    [InlineData("""{"alg":"RS256","kid":"other"}""", null)]
    [InlineData("""{"alg":"ES256","kid":"other","typ":"JWT"}""", null)]
    [InlineData("""{"alg":"none","kid":"ed-key"}""", "bad_algorithm")]
    [InlineData("""{"alg":"HS256","kid":"ed-key"}""", "bad_algorithm")]
    [InlineData("""{"alg":"RS256","kid":"ed-key"}""", "bad_algorithm")]
    [InlineData("""{"alg":"PS256","kid":"x"}""", "bad_algorithm")]
    [InlineData("""{"kid":"x"}""", "bad_algorithm")]
    [InlineData("""{"alg":"EdDSA"}""", "missing_kid")]
    [InlineData("""{"alg":"EdDSA","kid":""}""", "missing_kid")]
    [InlineData("""{"alg":"RS256","kid":"x","jwk":{"kty":"RSA","n":"AQAB","e":"AQAB"}}""", "forbidden_header")]
    [InlineData("""{"alg":"RS256","kid":"x","jku":"https://evil.example/jwks"}""", "forbidden_header")]
    [InlineData("""{"alg":"RS256","kid":"x","x5u":"https://evil.example/cert"}""", "forbidden_header")]
    [InlineData("""{"alg":"RS256","kid":"x","x5c":["MIIB"]}""", "forbidden_header")]
    [InlineData("""{"alg":"EdDSA","kid":"ed-key","crit":["exp"],"exp":1}""", "forbidden_header")]
    [InlineData("""[1,2]""", "malformed")]
    public void Header(string header, string? expectedReason)
    {
        var token = $"{Encode(header)}.{Encode("""{"sub":"u"}""")}.c2ln";

        // An accepted header comes back as null, a refused one with exactly this reason.
        TokenPrecheck.Check(token, 16_384, Keys, out _).ShouldBe(expectedReason is null ? null : Rejection(expectedReason));
    }

    [Theory]
    [InlineData("abc", "malformed")]
    [InlineData("a.b", "malformed")]
    [InlineData("a.b.c.d.e", "malformed")]
    [InlineData("!!!.e30.c2ln", "malformed")]
    public void Shape(string token, string expectedReason) =>
        TokenPrecheck.Check(token, 16_384, Keys, out _)!.Reason.ShouldBe(expectedReason);

    [Fact]
    public void UnsignedToken_WithEmptySignature_IsRefused()
    {
        var token = $"{Encode("""{"alg":"EdDSA","kid":"ed-key"}""")}.{Encode("{}")}.";

        TokenPrecheck.Check(token, 16_384, Keys, out _)!.Reason.ShouldBe("bad_algorithm");
    }

    [Fact]
    public void OversizeToken_IsRefusedBeforeDecoding()
    {
        var token = $"{Encode("""{"alg":"EdDSA","kid":"ed-key"}""")}.{new string('a', 20_000)}.c2ln";

        TokenPrecheck.Check(token, 16_384, Keys, out _)!.Reason.ShouldBe("too_large");
    }

    private static TokenRejection Rejection(string reason) => reason switch
    {
        "bad_algorithm" => TokenRejection.BadAlgorithm,
        "missing_kid" => TokenRejection.MissingKeyId,
        "forbidden_header" => TokenRejection.ForbiddenHeader,
        "malformed" => TokenRejection.Malformed,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "No such rejection."),
    };

    private static string Encode(string json)
    {
        JsonDocument.Parse(json).Dispose();
        return Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
    }
}
