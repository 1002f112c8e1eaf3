using System.Text;
using App.Api.Auth;
using App.Api.Auth.Jwt;
using App.Api.Auth.Permissions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

public sealed class TokenClaimsTests
{
    private static readonly PermissionRegistryOptions Registry = new();

    [Fact]
    public void DocumentedToken_FlattensPermissions_AndKeepsAbacAndImpersonator()
    {
        var principal = Read("""
            {"sub":"MA6UX5pc2c49JxY7x17fYPdbniDq36PU","email":"jane@example.com","name":"Jane Doe","email_verified":true,
             "iat":1795336557,"exp":1795509357,"jti":"tok_01","impersonator":"admin_1",
             "permissions":{"user":["deactivate"],"notifications":["read","write"],"expense":["approve"]},
             "abac_required":{"expense":["approve"]}}
            """);

        principal.UserId.ShouldBe("MA6UX5pc2c49JxY7x17fYPdbniDq36PU");
        principal.GrantedPermissions.ShouldBe(["user:deactivate", "notifications:read", "notifications:write", "expense:approve"], ignoreOrder: true);
        principal.RequiresAbac("expense:approve").ShouldBeTrue();
        principal.RequiresAbac("notifications:read").ShouldBeFalse();
        principal.Impersonator.ShouldBe("admin_1");
        principal.TokenId.ShouldBe("tok_01");
        principal.EmailVerified.ShouldBeTrue();
        principal.IssuedAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1795336557));
        principal.Method.ShouldBe(AuthMethod.Jwt);
    }

    [Fact]
    public void DeployedToken_HasNoPermissions_ButItsRoleMapsThroughTheRegistry_AndMillisecondIatIsNormalised()
    {
        var principal = Read("""{"sub":"u1","emailVerified":true,"role":"user, admin","iat":1795336557123,"exp":1795509357}""");

        principal.Permissions.ShouldBeEmpty();
        principal.EmailVerified.ShouldBeTrue();
        principal.Roles.ShouldBe(["user", "admin"]);
        principal.Has(Policies.UserDeactivate).ShouldBeTrue();
        principal.Has(Policies.ExpenseApprove).ShouldBeFalse();
        principal.IssuedAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1795336557));
    }

    [Fact]
    public void MachineToken_IsMarked_AndCarriesTheApiKeyId()
    {
        var principal = Read("""{"sub":"owner_1","apiKeyId":"key_9","scope":"api_key_exchange","exp":1795509357}""");

        principal.Method.ShouldBe(AuthMethod.ApiKey);
        principal.IsMachine.ShouldBeTrue();
        principal.ApiKeyId.ShouldBe("key_9");
    }

    [Theory]
    [InlineData("""{"sub":"u","permissions":["user:read"]}""")]
    [InlineData("""{"sub":"u","permissions":{"user":"read"}}""")]
    [InlineData("""{"sub":"u","permissions":{"user":[1]}}""")]
    [InlineData("""{"email":"no-subject@example.com"}""")]
    public void MalformedClaims_AreRefused(string payload) =>
        Should.Throw<InvalidClaimsException>(() => Read(payload));

    [Fact]
    public void SubjectLongerThanAUsersId_IsRefused() =>
        Should.Throw<InvalidClaimsException>(() => Read($$"""{"sub":"{{new string('x', 256)}}"}"""));

    [Fact]
    public void SubjectOfExactlyAUsersIdLength_IsAccepted() =>
        Read($$"""{"sub":"{{new string('x', 255)}}"}""").UserId.Length.ShouldBe(255);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(TokenClaims.MillisecondThreshold, TokenClaims.MillisecondThreshold)]
    [InlineData(TokenClaims.MillisecondThreshold + 1, TokenClaims.MillisecondThreshold / 1000)]
    [InlineData(253_402_300_799_000, 253_402_300_799)]
    public void Iat_IsSecondsUpToTheThreshold_MillisecondsAbove_FromTheEpochToTheLastSecondOf9999(long iat, long seconds) =>
        Read($$"""{"sub":"u","iat":{{iat}}}""").IssuedAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(seconds));

    [Theory]
    [InlineData("""{"sub":"u","email_verified":"true"}""", true)]
    [InlineData("""{"sub":"u","email_verified":"false"}""", false)]
    [InlineData("""{"sub":"u","emailVerified":"false"}""", false)]
    [InlineData("""{"sub":"u","email_verified":"yes"}""", false)]
    public void EmailVerified_AsAString_IsReadAsItsBoolean(string payload, bool verified) =>
        Read(payload).EmailVerified.ShouldBe(verified);

    private static Principal Read(string payload)
    {
        var token = new JsonWebToken(
            $"{Base64UrlEncoder.Encode("""{"alg":"EdDSA","kid":"k"}""")}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.c2ln");
        return TokenClaims.ToPrincipal(token, Registry);
    }
}
