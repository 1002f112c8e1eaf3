using Auther.Dev.Keys;
using Auther.Dev.Tests.Infrastructure;
using Auther.Dev.Tokens;

namespace Auther.Dev.Tests.Tokens;

/// <summary>A minted token must verify with the published key, checked by code that is not the server's.</summary>
public sealed class TokenSignatureTests
{
    [Fact]
    public async Task EdDsaToken_VerifiesWithThePublishedKey_UsingAnIndependentEd25519Verifier()
    {
        await using var server = await TestAuther.StartAsync();
        var token = server.MintToken(new TokenRequest { UserId = "user-1" });

        var jwks = await TestAuther.Client(server).GetStringAsync("/api/auth/jwks");

        Ed25519JwtVerifier.Verify(token, jwks).ShouldBeTrue();
        Jwt.Header(token).GetProperty("alg").GetString().ShouldBe("EdDSA");
    }

    [Fact]
    public async Task EdDsaToken_WithATamperedPayload_DoesNotVerify()
    {
        await using var server = await TestAuther.StartAsync();
        var token = server.MintToken(new TokenRequest { UserId = "user-1" });
        var other = server.MintToken(new TokenRequest { UserId = "admin" });
        var forged = $"{token.Split('.')[0]}.{other.Split('.')[1]}.{token.Split('.')[2]}";

        var jwks = await TestAuther.Client(server).GetStringAsync("/api/auth/jwks");

        Ed25519JwtVerifier.Verify(forged, jwks).ShouldBeFalse();
    }

    [Theory]
    [InlineData(KeyAlgorithm.RS256)]
    [InlineData(KeyAlgorithm.ES256)]
    public async Task RsaAndEcTokens_VerifyWithMicrosoftIdentityModel(KeyAlgorithm algorithm)
    {
        await using var server = await TestAuther.StartAsync(o => o.Algorithm = algorithm);
        var token = server.MintToken(new TokenRequest { UserId = "user-1" });

        var jwks = await TestAuther.Client(server).GetStringAsync("/api/auth/jwks");
        var result = await IdentityModelVerifier.ValidateAsync(token, jwks, server.Issuer, server.Audience);

        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        Jwt.Header(token).GetProperty("alg").GetString().ShouldBe(algorithm.ToString());
    }

    [Fact]
    public async Task Header_HasOnlyAlgAndKid_AsBetterAuthSignsIt()
    {
        await using var server = await TestAuther.StartAsync();

        var header = Jwt.Header(server.MintToken(new TokenRequest { UserId = "user-1" }));

        header.EnumerateObject().Select(p => p.Name).ShouldBe(["alg", "kid"]);
        header.GetProperty("kid").GetString().ShouldBe(server.CurrentKey.Kid);
    }
}
