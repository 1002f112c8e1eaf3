using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;
using Auther.Dev.Tokens;

namespace Auther.Dev.Tests.Tokens;

public sealed class TokenClaimsTests(AutherFixture fixture) : IClassFixture<AutherFixture>
{
    [Fact]
    public void DocumentedToken_CarriesTheContractsClaimNames()
    {
        var token = fixture.Server.MintToken(new TokenRequest
        {
            UserId = "MA6UX5pc2c49JxY7x17fYPdbniDq36PU",
            Email = "jane@example.com",
            Name = "Jane Doe",
            Role = "admin",
            Permissions = new Dictionary<string, string[]> { ["user"] = ["deactivate"], ["expense"] = ["approve"] },
            AbacRequired = new Dictionary<string, string[]> { ["expense"] = ["approve"] },
            Impersonator = "admin-7",
            Jti = "tok_01",
            Lifetime = TimeSpan.FromMinutes(10),
        });

        var claims = Jwt.Payload(token);
        claims.GetProperty("iss").GetString().ShouldBe(fixture.Server.Issuer);
        claims.GetProperty("aud").GetString().ShouldBe("app-api");
        claims.GetProperty("sub").GetString().ShouldBe("MA6UX5pc2c49JxY7x17fYPdbniDq36PU");
        claims.GetProperty("email").GetString().ShouldBe("jane@example.com");
        claims.GetProperty("name").GetString().ShouldBe("Jane Doe");
        claims.GetProperty("email_verified").GetBoolean().ShouldBeTrue();
        claims.GetProperty("role").GetString().ShouldBe("admin");
        claims.GetProperty("permissions").GetProperty("user")[0].GetString().ShouldBe("deactivate");
        claims.GetProperty("abac_required").GetProperty("expense")[0].GetString().ShouldBe("approve");
        claims.GetProperty("impersonator").GetString().ShouldBe("admin-7");
        claims.GetProperty("jti").GetString().ShouldBe("tok_01");
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).ShouldBe(600);
        claims.GetProperty("iat").GetInt64().ShouldBeLessThan(100_000_000_000, "documented iat is in seconds");
    }

    [Fact]
    public void DeployedStyle_UsesCamelCaseEmailVerified_NoPermissions_AndMillisecondIat()
    {
        var token = fixture.Server.MintToken(new TokenRequest
        {
            UserId = "user-1",
            Email = "a@example.com",
            Permissions = new Dictionary<string, string[]> { ["user"] = ["read"] },
            Style = TokenStyle.Deployed,
        });

        var claims = Jwt.Payload(token);
        claims.GetProperty("emailVerified").GetBoolean().ShouldBeTrue();
        claims.TryGetProperty("email_verified", out _).ShouldBeFalse();
        claims.TryGetProperty("permissions", out _).ShouldBeFalse();
        claims.TryGetProperty("abac_required", out _).ShouldBeFalse();
        claims.TryGetProperty("jti", out _).ShouldBeFalse();
        claims.GetProperty("iat").GetInt64().ShouldBeGreaterThan(100_000_000_000, "deployed iat is in milliseconds");
        (claims.GetProperty("exp").GetInt64() - (claims.GetProperty("iat").GetInt64() / 1000)).ShouldBe((long)TimeSpan.FromDays(2).TotalSeconds);
    }

    [Fact]
    public void MachineToken_CarriesApiKeyIdAndScope_AndNoProfile()
    {
        var claims = Jwt.Payload(fixture.Server.MintToken(new TokenRequest { UserId = "owner-1", ApiKeyId = "ak_1" }));

        claims.GetProperty("apiKeyId").GetString().ShouldBe("ak_1");
        claims.GetProperty("scope").GetString().ShouldBe("api_key_exchange");
        claims.TryGetProperty("email", out _).ShouldBeFalse();
        claims.TryGetProperty("email_verified", out _).ShouldBeFalse();
    }

    [Fact]
    public void ProfileClaims_AreFilledFromTheUserStore()
    {
        var user = fixture.Server.CreateUser($"filled-{Guid.NewGuid():N}@example.com", "Filled In", role: "admin");

        var claims = Jwt.Payload(fixture.Server.MintToken(new TokenRequest { UserId = user.Id }));

        claims.GetProperty("email").GetString().ShouldBe(user.Email);
        claims.GetProperty("name").GetString().ShouldBe("Filled In");
        claims.GetProperty("role").GetString().ShouldBe("admin");
    }

    [Fact]
    public void ExtraClaimsAndHeaders_ReplaceOrRemove_ForCraftingAttacks()
    {
        var token = fixture.Server.MintToken(new TokenRequest
        {
            UserId = "user-1",
            OmitJti = true,
            ExtraClaims = new Dictionary<string, object?> { ["aud"] = new[] { "other", "app-api" }, ["exp"] = null },
            ExtraHeaders = new Dictionary<string, object?> { ["jku"] = "https://evil.example/jwks", ["crit"] = new[] { "exp" } },
        });

        var claims = Jwt.Payload(token);
        claims.GetProperty("aud").GetArrayLength().ShouldBe(2);
        claims.TryGetProperty("exp", out _).ShouldBeFalse();
        claims.TryGetProperty("jti", out _).ShouldBeFalse();
        Jwt.Header(token).GetProperty("jku").GetString().ShouldBe("https://evil.example/jwks");
    }

    [Fact]
    public async Task DevTokenRoute_MintsFromJson()
    {
        using var client = fixture.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/dev/token", new
        {
            userId = "user-9",
            permissions = new Dictionary<string, string[]> { ["notifications"] = ["read"] },
            style = "documented",
            lifetime = "00:15:00",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("tokenType").GetString().ShouldBe("Bearer");
        var claims = Jwt.Payload(body.GetProperty("token").GetString()!);
        claims.GetProperty("sub").GetString().ShouldBe("user-9");
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).ShouldBe(900);
    }

    [Fact]
    public async Task DevTokenRoute_WithoutUserId_Answers400InBetterAuthShape()
    {
        using var client = fixture.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/dev/token", new { email = "x@example.com" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("code").GetString().ShouldBe("VALIDATION_ERROR");
    }
}
