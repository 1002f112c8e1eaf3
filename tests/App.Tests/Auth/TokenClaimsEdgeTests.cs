using System.Text;
using App.Api.Auth;
using App.Api.Auth.Jwt;
using App.Api.Auth.Permissions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary><see cref="TokenClaims"/> where <see cref="TokenClaimsTests"/> does not reach: email_verified as a JSON false or absent, the profile claims, claims of another JSON type.</summary>
public sealed class TokenClaimsEdgeTests
{
    [Theory]
    [InlineData("""{"sub":"u","email_verified":false}""", false)]
    [InlineData("""{"sub":"u","email_verified":false,"emailVerified":true}""", false)]
    [InlineData("""{"sub":"u","emailVerified":false}""", false)]
    [InlineData("""{"sub":"u","email_verified":true}""", true)]
    [InlineData("""{"sub":"u"}""", false)]
    [InlineData("""{"sub":"u","email_verified":null}""", false)]
    public void EmailVerified_IsTheDocumentedClaim_ThenTheDeployedOne_ElseFalse(string payload, bool verified) =>
        Read(payload).EmailVerified.ShouldBe(verified);

    [Fact]
    public void TheProfileClaims_AreReadByTheirNames()
    {
        var principal = Read("""{"sub":"u","email":"ada@example.com","name":"Ada Lovelace"}""");

        (principal.Email, principal.Name).ShouldBe(("ada@example.com", "Ada Lovelace"));
    }

    [Fact]
    public void ClaimsThatAreNotStrings_AreReadAsAbsent_NotAsAnError()
    {
        var principal = Read("""{"sub":"u","email":1,"name":true}""");

        (principal.Email, principal.Name).ShouldBe((null, null));
        Should.Throw<InvalidClaimsException>(() => Read("""{"sub":1}"""));
    }

    private static Principal Read(string payload)
    {
        var token = new JsonWebToken(
            $"{Base64UrlEncoder.Encode("""{"alg":"EdDSA","kid":"k"}""")}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.c2ln");
        return TokenClaims.ToPrincipal(token, new PermissionRegistryOptions());
    }
}
