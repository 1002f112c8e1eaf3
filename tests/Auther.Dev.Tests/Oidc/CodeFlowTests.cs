using System.Net;
using System.Text.Json;
using Auther.Dev.Keys;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Oidc;

/// <summary>The authorization code flow with PKCE: what the token endpoint hands out in each mode.</summary>
public sealed class CodeFlowTests
{
    [Fact]
    public async Task Deployed_GivesOpaqueTokens_AndAnIdTokenForTheClient_WithoutRole_IatInMilliseconds()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Deployed);
        var session = OidcAuther.SignedIn(server);
        using var client = OidcFlow.NoRedirects(server);
        var flow = OidcAuther.Flow();

        var tokens = await OidcAuther.TokensAsync(client, session, flow);

        tokens.EnumerateObject().Select(p => p.Name).ShouldBe(["access_token", "token_type", "expires_in", "refresh_token", "scope", "id_token"]);
        tokens.GetProperty("token_type").GetString().ShouldBe("Bearer");
        tokens.GetProperty("expires_in").GetInt64().ShouldBe(172_800);
        tokens.GetProperty("scope").GetString().ShouldBe(OidcAuther.AllScopes);
        foreach (var opaque in new[] { "access_token", "refresh_token" })
        {
            tokens.GetProperty(opaque).GetString()!.ShouldMatch("^[A-Za-z]{32}$");
        }

        var idToken = tokens.GetProperty("id_token").GetString()!;
        Ed25519JwtVerifier.Verify(idToken, await client.GetStringAsync("/api/auth/jwks")).ShouldBeTrue();
        Jwt.Header(idToken).EnumerateObject().Select(p => p.Name).ShouldBe(["alg", "kid"]);
        var claims = Jwt.Payload(idToken);
        claims.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["iat", "sub", "aud", "nonce", "acr", "given_name", "family_name", "name", "updated_at", "email", "email_verified", "exp", "iss"]);
        claims.GetProperty("iss").GetString().ShouldBe(server.IdTokenIssuer);
        claims.GetProperty("aud").GetString().ShouldBe(OidcAuther.WebClient);
        claims.GetProperty("sub").GetString().ShouldBe(session.UserId);
        claims.GetProperty("nonce").GetString().ShouldBe(flow.Nonce);
        claims.GetProperty("given_name").GetString().ShouldBe("Ann");
        var iat = claims.GetProperty("iat").GetInt64();
        iat.ShouldBeGreaterThan(100_000_000_000);
        (claims.GetProperty("exp").GetInt64() - (iat / 1000)).ShouldBeInRange(172_799, 172_800);
    }

    [Fact]
    public async Task Documented_GivesAnAccessTokenTheApiAccepts_AJwtWithTheUsersClaimsAndPermissionMaps()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Documented, o => o.Algorithm = KeyAlgorithm.RS256);
        var session = OidcAuther.SignedIn(server);
        server.SetTokenPermissions(session.UserId, new Dictionary<string, string[]> { ["expense"] = ["create", "approve"] },
            new Dictionary<string, string[]> { ["expense"] = ["approve"] });
        using var client = OidcFlow.NoRedirects(server);
        var jwks = await client.GetStringAsync("/api/auth/jwks");

        var tokens = await OidcAuther.TokensAsync(client, session);

        tokens.GetProperty("token_type").GetString().ShouldBe("Bearer");
        tokens.GetProperty("expires_in").GetInt64().ShouldBe(3600);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        (await IdentityModelVerifier.ValidateAsync(accessToken, jwks, server.Issuer, server.Audience)).IsValid.ShouldBeTrue();
        var access = Jwt.Payload(accessToken);
        access.GetProperty("sub").GetString().ShouldBe(session.UserId);
        access.GetProperty("email").GetString().ShouldStartWith("oidc-");
        access.GetProperty("role").GetString().ShouldBe("user");
        access.GetProperty("permissions").GetProperty("expense").EnumerateArray().Select(a => a.GetString()).ShouldBe(["create", "approve"]);
        access.GetProperty("abac_required").GetProperty("expense")[0].GetString().ShouldBe("approve");
        var idToken = tokens.GetProperty("id_token").GetString()!;
        (await IdentityModelVerifier.ValidateAsync(idToken, jwks, server.Issuer, OidcAuther.WebClient)).IsValid.ShouldBeTrue();
        var id = Jwt.Payload(idToken);
        id.GetProperty("iat").GetInt64().ShouldBeLessThan(100_000_000_000, "documented id_tokens keep times in seconds");
        id.GetProperty("auth_time").GetInt64().ShouldBeLessThanOrEqualTo(id.GetProperty("iat").GetInt64());
        id.TryGetProperty("role", out _).ShouldBeFalse();
        server.IdTokenIssuer.ShouldBe(server.Issuer);
    }

    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task TheRefreshTokenComesOnlyWithOfflineAccess_AndTheIdTokenOnlyWithOpenid(AutherMode mode)
    {
        await using var server = await OidcAuther.StartAsync(mode);
        var session = OidcAuther.SignedIn(server);
        using var client = OidcFlow.NoRedirects(server);

        var openid = await OidcAuther.TokensAsync(client, session, OidcAuther.Flow("openid email"));
        var withoutOpenid = await OidcAuther.TokensAsync(client, session, OidcAuther.Flow("email offline_access"));

        openid.TryGetProperty("refresh_token", out _).ShouldBeFalse();
        openid.TryGetProperty("id_token", out _).ShouldBeTrue();
        withoutOpenid.TryGetProperty("id_token", out _).ShouldBeFalse();
        withoutOpenid.TryGetProperty("refresh_token", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task ResponseModeFormPost_IsIgnored_TheCodeComesBackInTheQueryOfARedirect(AutherMode mode)
    {
        await using var server = await OidcAuther.StartAsync(mode);
        using var client = OidcFlow.NoRedirects(server);
        var flow = OidcAuther.Flow();
        using var request = new HttpRequestMessage(HttpMethod.Get, flow.AuthorizePath(new Dictionary<string, string?> { ["response_mode"] = "form_post" }));
        request.Headers.Add("Cookie", OidcAuther.SignedIn(server).CookieHeader);

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        flow.CodeFrom(response.Headers.Location!).ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData(AutherMode.Documented, HttpStatusCode.BadRequest)]
    [InlineData(AutherMode.Deployed, HttpStatusCode.Unauthorized)]
    public async Task AWrongVerifier_IsInvalidGrant_AndTheCodeIsSingleUse(AutherMode mode, HttpStatusCode status)
    {
        await using var server = await OidcAuther.StartAsync(mode);
        using var client = OidcFlow.NoRedirects(server);
        var flow = OidcAuther.Flow();
        var code = await flow.CodeAsync(client, OidcAuther.SignedIn(server));

        using var wrong = await flow.ExchangeAsync(client, code, OidcAuther.WebSecret, verifier: "another-verifier-of-at-least-43-characters-000000");
        using var again = await flow.ExchangeAsync(client, code, OidcAuther.WebSecret);

        await OidcAuther.OAuthErrorAsync(wrong, status, "invalid_grant");
        await OidcAuther.OAuthErrorAsync(again, status, "invalid_grant");
    }

    [Fact]
    public async Task DevRoute_AndInProcess_GiveTheSameKindOfIdToken()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Deployed);
        var user = server.CreateUser("oidc@example.com", "Oidc User", role: "admin");
        using var client = TestAuther.Client(server);

        var answer = await client.PostAsJsonAsync("/api/auth/dev/id-token", new { userId = user.Id, clientId = OidcAuther.WebClient });

        var viaRoute = Jwt.Payload((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("idToken").GetString()!);
        var inProcess = Jwt.Payload(server.IssueIdToken(user.Id, OidcAuther.WebClient));
        foreach (var claims in new[] { viaRoute, inProcess })
        {
            claims.GetProperty("aud").GetString().ShouldBe(OidcAuther.WebClient);
            claims.GetProperty("email").GetString().ShouldBe("oidc@example.com");
            claims.TryGetProperty("role", out _).ShouldBeFalse();
        }
    }
}
