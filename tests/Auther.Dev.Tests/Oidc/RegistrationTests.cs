using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Oidc;

/// <summary>Deployed mode's dynamic client registration: gated by the sign-up secret, and its clients cannot authorize.</summary>
public sealed class RegistrationTests
{
    private const string Path = "/api/auth/oauth2/register";

    [Fact]
    public async Task WithoutTheSignupSecret_Answers500WithAnEmptyBody()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Deployed);
        using var client = OidcFlow.NoRedirects(server);

        using var response = await client.PostAsJsonAsync(Path, new { redirect_uris = new[] { "https://app.example/cb" } });

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task ARegisteredClient_GetsCredentials_ButFailsAfterSignIn_ForWantOfAConsentPage()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Deployed);
        using var client = OidcFlow.NoRedirects(server);

        var registered = await RegisterAsync(client, "https://app.example/cb");
        var flow = new OidcFlow(registered.GetProperty("client_id").GetString()!, "https://app.example/cb");
        using var authorize = new HttpRequestMessage(HttpMethod.Get, flow.AuthorizePath());
        authorize.Headers.Add("Cookie", OidcAuther.SignedIn(server).CookieHeader);
        using var response = await client.SendAsync(authorize);

        registered.GetProperty("client_id").GetString()!.ShouldMatch("^[A-Za-z]{32}$");
        registered.GetProperty("client_secret").GetString()!.ShouldMatch("^[A-Za-z]{32}$");
        registered.GetProperty("redirect_uris")[0].GetString().ShouldBe("https://app.example/cb");
        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.InternalServerError, "NO_CONSENT_PAGE_PROVIDED");
    }

    [Fact]
    public async Task WithoutRedirectUris_IsRefused()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Deployed);
        using var client = OidcFlow.NoRedirects(server);

        using var response = await Request(client, new { client_name = "no uris" });

        await OidcAuther.OAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_redirect_uri");
    }

    [Fact]
    public async Task DocumentedMode_DoesNotServeRegistration()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Documented);
        using var client = OidcFlow.NoRedirects(server);

        using var response = await Request(client, new { redirect_uris = new[] { "https://app.example/cb" } });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<JsonElement> RegisterAsync(HttpClient client, string redirectUri)
    {
        using var response = await Request(client, new { redirect_uris = new[] { redirectUri }, client_name = "dynamic" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<HttpResponseMessage> Request(HttpClient client, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = JsonContent.Create(body) };
        request.Headers.Add("x-internal-signup-secret", TestAuther.SignupSecret);
        return client.SendAsync(request);
    }
}
