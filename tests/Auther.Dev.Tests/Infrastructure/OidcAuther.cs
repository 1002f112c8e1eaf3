using System.Net;
using System.Text.Json;
using Auther.Dev.Oidc;
using Auther.Dev.Sessions;

namespace Auther.Dev.Tests.Infrastructure;

/// <summary>A local Auther with one confidential web client, in either mode, and a signed-in user to run the code flow for.</summary>
public static class OidcAuther
{
    public const string WebClient = "web";
    public const string WebSecret = "web-client-secret-0123456789";
    public const string RedirectUri = "http://localhost:5070/signin-oidc";
    public const string AllScopes = "openid profile email offline_access";

    public static Task<AutherDevServer> StartAsync(AutherMode mode, Action<AutherDevOptions>? configure = null) => Deployed.StartAsync(o =>
    {
        o.Mode = mode;
        var web = new OidcClientOptions { ClientId = WebClient, ClientSecret = WebSecret };
        web.RedirectUris.Add(RedirectUri);
        o.OidcClients.Add(web);
        configure?.Invoke(o);
    });

    /// <summary>A new user (two-word name, so both name claims show) signed in with a password.</summary>
    public static AutherSession SignedIn(AutherDevServer server)
    {
        var user = server.CreateUser($"oidc-{Guid.NewGuid():N}@example.com", "Ann Lee", password: Deployed.Password);
        return server.SignInWithPassword(user.Email, Deployed.Password);
    }

    public static OidcFlow Flow(string scope = AllScopes) => new(WebClient, RedirectUri, scope);

    /// <summary>The whole flow for a signed-in user: authorize, then the code exchange with the secret; the token response.</summary>
    public static async Task<JsonElement> TokensAsync(HttpClient client, AutherSession session, OidcFlow? flow = null)
    {
        flow ??= Flow();
        using var response = await flow.ExchangeAsync(client, await flow.CodeAsync(client, session), WebSecret);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> OAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("error").GetString().ShouldBe(error);
        return body;
    }
}
