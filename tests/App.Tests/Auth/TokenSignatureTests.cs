using System.Net;
using App.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>
/// What the signature binds: the whole token, every byte of it, to one published key. A token the app has
/// already verified (and cached) gives no credit to a copy with another signature, a longer signature does not
/// pass on its first 64 bytes, and a kid the JWKS does not publish is refused even when a published key signed.
/// </summary>
public sealed class TokenSignatureTests(NoCooldownFixture api) : IClassFixture<NoCooldownFixture>
{
    [Fact]
    public async Task CachedToken_ResentWithAnotherSignature_Is401BadSignature()
    {
        var userId = TestData.NewUserId();
        var token = api.TokenFor(userId);
        (await StatusAsync(token)).ShouldBe(HttpStatusCode.OK);
        var (signingInput, signature) = Split(token);
        // The same header and payload under a signature of the right length that Auther never made, and under
        // another genuine token's signature: what someone who saw the token with its signature redacted could send.
        var forged = signature.ToArray();
        forged[0] ^= 0x01;
        var borrowed = Base64UrlEncoder.DecodeBytes(api.TokenFor(userId).Split('.')[2]);

        foreach (var other in new[] { forged, borrowed })
        {
            using var response = await api.ClientWith($"{signingInput}.{Base64UrlEncoder.Encode(other)}").GetAsync("/api/me");

            (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("bad_signature");
        }

        (await StatusAsync(token)).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public async Task EdDsaSignature_WithBytesAppended_Is401BadSignature(int extraBytes)
    {
        var (signingInput, signature) = Split(api.TokenFor(TestData.NewUserId()));
        var longer = signature.Concat(new byte[extraBytes]).ToArray();

        using var response = await api.ClientWith($"{signingInput}.{Base64UrlEncoder.Encode(longer)}").GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("bad_signature");
    }

    [Fact]
    public async Task KidNotInTheJwks_IsRefused_EvenWhenAPublishedKeySignedTheToken()
    {
        // Signed by the current (published) key; only the header's kid names a key the JWKS does not hold.
        var token = api.TokenFor(TestData.NewUserId(), r => r with
        {
            ExtraHeaders = new Dictionary<string, object?> { ["kid"] = "not-a-published-kid" },
        });

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("unknown_kid");
        (await StatusAsync(api.TokenFor(TestData.NewUserId()))).ShouldBe(HttpStatusCode.OK);
    }

    private async Task<HttpStatusCode> StatusAsync(string token)
    {
        using var response = await api.ClientWith(token).GetAsync("/api/me");
        return response.StatusCode;
    }

    private static (string SigningInput, byte[] Signature) Split(string token)
    {
        var lastDot = token.LastIndexOf('.');
        return (token[..lastDot], Base64UrlEncoder.DecodeBytes(token[(lastDot + 1)..]));
    }
}
