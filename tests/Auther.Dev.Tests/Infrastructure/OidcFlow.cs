using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Auther.Dev.Oidc;
using Auther.Dev.Sessions;
using Microsoft.AspNetCore.WebUtilities;

namespace Auther.Dev.Tests.Infrastructure;

/// <summary>
/// An OAuth client's side of the authorization code flow with PKCE, over real HTTP: the authorize URL, a signed-in
/// browser's trip through authorize, and the token endpoint calls. Each instance has its own verifier.
/// </summary>
public sealed class OidcFlow(string clientId, string redirectUri, string scope = "openid profile email offline_access")
{
    public string ClientId => clientId;

    public string RedirectUri => redirectUri;

    public string Verifier { get; } = "verifier-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    public string State { get; } = "state-" + Guid.NewGuid().ToString("N")[..8];

    public string Nonce { get; } = "nonce-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The path and query of the authorization request.</summary>
    public string AuthorizePath(IDictionary<string, string?>? extra = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = State,
            ["nonce"] = Nonce,
            ["code_challenge"] = OidcService.Challenge(Verifier),
            ["code_challenge_method"] = "S256",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
        {
            query[name] = value;
        }

        return QueryHelpers.AddQueryString("/api/auth/oauth2/authorize", query);
    }

    /// <summary>A client that follows no redirects and keeps no cookies: each request says what it carries.</summary>
    public static HttpClient NoRedirects(AutherDevServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseUrl };

    /// <summary>Authorize with a signed-in session: the redirect back to the client must carry the state; returns the code.</summary>
    public Task<string> CodeAsync(HttpClient client, AutherSession session) => CodeAsync(client, session.CookieHeader);

    /// <summary>Authorize with this <c>Cookie</c> header (a signed-in browser's); returns the code.</summary>
    public async Task<string> CodeAsync(HttpClient client, string cookieHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AuthorizePath());
        request.Headers.Add("Cookie", cookieHeader);
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return CodeFrom(response.Headers.Location!);
    }

    /// <summary>The code in a redirect back to the client, after checking where it goes and the state it carries.</summary>
    public string CodeFrom(Uri location)
    {
        location.GetLeftPart(UriPartial.Path).ShouldBe(redirectUri);
        var query = QueryHelpers.ParseQuery(location.Query);
        query["state"].ToString().ShouldBe(State);
        query.ContainsKey("error").ShouldBeFalse(location.ToString());
        return query["code"].ToString();
    }

    /// <summary>The code exchange; the secret goes in the form (<c>client_secret_post</c>) or, with <paramref name="basic"/>, in the header.</summary>
    public Task<HttpResponseMessage> ExchangeAsync(HttpClient client, string code, string? secret = null, bool basic = false, string? verifier = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier ?? Verifier,
        };
        return TokenAsync(client, form, secret, basic);
    }

    public Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken, string? secret = null, string? asClient = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };
        return TokenAsync(client, form, secret, basic: false, asClient);
    }

    private Task<HttpResponseMessage> TokenAsync(HttpClient client, Dictionary<string, string> form, string? secret, bool basic, string? asClient = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/oauth2/token");
        if (basic)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        }
        else
        {
            form["client_id"] = asClient ?? clientId;
            if (secret is not null)
            {
                form["client_secret"] = secret;
            }
        }

        request.Content = new FormUrlEncodedContent(form);
        return client.SendAsync(request);
    }
}
