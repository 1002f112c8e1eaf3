using System.Net;
using System.Text.Json;
using Auther.Dev.Oidc;
using Auther.Dev.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Auther.Dev.Tests.Oidc;

/// <summary>The oidc plugin's authorization code flow with PKCE, as deployed Auther runs it for its web and mobile clients.</summary>
public sealed class OidcTests
{
    private const string ClientId = "mobile-app";
    private const string RedirectUri = "com.example.app://callback";
    private const string Verifier = "a-code-verifier-of-at-least-43-characters-0123456789";

    [Fact]
    public async Task CodeFlowWithPkce_GivesAnIdToken_ForTheClient_WithoutRole_IatInMilliseconds()
    {
        await using var server = await StartAsync();
        var admin = Deployed.SignedInAdmin(server);
        using var client = NoRedirects(server);

        var code = await AuthorizeAsync(server, client, admin.SignedCookie);
        var response = await client.PostAsync("/api/auth/oauth2/token", Form(code, Verifier));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        tokens.GetProperty("token_type").GetString().ShouldBe("Bearer");
        tokens.GetProperty("access_token").GetString()!.Split('.').Length.ShouldBe(1, "the access token is opaque");
        var idToken = tokens.GetProperty("id_token").GetString()!;
        Ed25519JwtVerifier.Verify(idToken, await client.GetStringAsync("/api/auth/jwks")).ShouldBeTrue();
        Jwt.Header(idToken).EnumerateObject().Select(p => p.Name).ShouldBe(["alg", "kid"]);
        var claims = Jwt.Payload(idToken);
        claims.GetProperty("iss").GetString().ShouldBe(server.IdTokenIssuer);
        claims.GetProperty("aud").GetString().ShouldBe(ClientId);
        claims.GetProperty("sub").GetString().ShouldBe(admin.UserId);
        claims.GetProperty("nonce").GetString().ShouldBe("n-1");
        claims.TryGetProperty("role", out _).ShouldBeFalse();
        var iat = claims.GetProperty("iat").GetInt64();
        iat.ShouldBeGreaterThan(100_000_000_000);
        (claims.GetProperty("exp").GetInt64() - (iat / 1000)).ShouldBeInRange(172_799, 172_800);
    }

    [Fact]
    public async Task Authorize_WithoutASession_RedirectsToTheLoginPage_WithTheSameQuery()
    {
        await using var server = await StartAsync();
        using var client = NoRedirects(server);

        var response = await client.GetAsync($"/api/auth/oauth2/authorize?{Query()}");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe($"/sign-in?{Query()}");
    }

    [Fact]
    public async Task Token_WithAWrongVerifier_IsInvalidGrant_AndTheCodeIsSingleUse()
    {
        await using var server = await StartAsync();
        var admin = Deployed.SignedInAdmin(server);
        using var client = NoRedirects(server);
        var code = await AuthorizeAsync(server, client, admin.SignedCookie);

        var wrong = await client.PostAsync("/api/auth/oauth2/token", Form(code, "another-verifier-of-at-least-43-characters-000000"));
        var again = await client.PostAsync("/api/auth/oauth2/token", Form(code, Verifier));

        (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("invalid_grant");
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Authorize_WithoutPkce_RedirectsBackWithInvalidRequest()
    {
        await using var server = await StartAsync();
        var admin = Deployed.SignedInAdmin(server);
        using var client = NoRedirects(server);

        var response = await client.SendAsync(Deployed.Request(server, HttpMethod.Get,
            $"/api/auth/oauth2/authorize?response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope=openid", admin.SignedCookie));

        QueryHelpers.ParseQuery(response.Headers.Location!.Query)["error"].ToString().ShouldBe("invalid_request");
    }

    [Fact]
    public async Task DevRoute_AndInProcess_GiveTheSameKindOfIdToken()
    {
        await using var server = await StartAsync();
        var user = server.CreateUser("oidc@example.com", "Oidc User", role: "admin");
        using var client = TestAuther.Client(server);

        var answer = await client.PostAsJsonAsync("/api/auth/dev/id-token", new { userId = user.Id, clientId = ClientId });

        var viaRoute = Jwt.Payload((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("idToken").GetString()!);
        var inProcess = Jwt.Payload(server.IssueIdToken(user.Id, ClientId));
        foreach (var claims in new[] { viaRoute, inProcess })
        {
            claims.GetProperty("aud").GetString().ShouldBe(ClientId);
            claims.GetProperty("email").GetString().ShouldBe("oidc@example.com");
            claims.TryGetProperty("role", out _).ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Discovery_AdvertisesTheCodeFlowEndpoints()
    {
        await using var server = await StartAsync();
        using var client = NoRedirects(server);

        var discovery = await client.GetFromJsonAsync<JsonElement>("/api/auth/.well-known/openid-configuration");

        (await client.GetAsync(new Uri(discovery.GetProperty("authorization_endpoint").GetString()!).PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        new Uri(discovery.GetProperty("token_endpoint").GetString()!).AbsolutePath.ShouldBe("/api/auth/oauth2/token");
        discovery.GetProperty("code_challenge_methods_supported")[0].GetString().ShouldBe("S256");
    }

    private static Task<AutherDevServer> StartAsync() => Deployed.StartAsync(o =>
    {
        var client = new OidcClientOptions { ClientId = ClientId };
        client.RedirectUris.Add(RedirectUri);
        o.OidcClients.Add(client);
    });

    private static HttpClient NoRedirects(AutherDevServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseUrl };

    private static string Query() =>
        $"response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope=openid%20profile%20email&state=s-1&nonce=n-1" +
        $"&code_challenge={OidcService.Challenge(Verifier)}&code_challenge_method=S256";

    private static async Task<string> AuthorizeAsync(AutherDevServer server, HttpClient client, string cookie)
    {
        var response = await client.SendAsync(Deployed.Request(server, HttpMethod.Get, $"/api/auth/oauth2/authorize?{Query()}", cookie));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        location.ToString().ShouldStartWith(RedirectUri);
        var query = QueryHelpers.ParseQuery(location.Query);
        query["state"].ToString().ShouldBe("s-1");
        return query["code"].ToString();
    }

    private static FormUrlEncodedContent Form(string code, string verifier) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["redirect_uri"] = RedirectUri,
        ["client_id"] = ClientId,
        ["code_verifier"] = verifier,
    });
}
