using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Interop.Tests.Infrastructure;

/// <summary>
/// One OAuth client's authorization code flow with PKCE (S256) against a better-auth style Auther (the real
/// interop server or the local one): a browser-like client that keeps cookies and follows no redirects, and the
/// client's own server for the token and userinfo endpoints.
/// </summary>
public sealed class OAuthFlow(Uri baseUrl, string clientId, string clientSecret, string redirectUri, string scope = OAuthFlow.AllScopes) : IDisposable
{
    public const string AllScopes = "openid profile email offline_access";

    private readonly HttpClient _browser = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(30),
    };

    // The client's own server calls the token and userinfo endpoints: no browser cookies there (better-auth would
    // want an Origin on a POST that carries them).
    private readonly HttpClient _backchannel = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public string Verifier { get; } = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public string State { get; } = Guid.NewGuid().ToString("N");

    public string Nonce { get; } = Guid.NewGuid().ToString("N");

    public string AuthorizePath => QueryHelpers.AddQueryString("/api/auth/oauth2/authorize", new Dictionary<string, string?>
    {
        ["response_type"] = "code",
        ["client_id"] = clientId,
        ["redirect_uri"] = redirectUri,
        ["scope"] = scope,
        ["state"] = State,
        ["nonce"] = Nonce,
        ["code_challenge"] = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier))),
        ["code_challenge_method"] = "S256",
    });

    /// <summary>A GET as the browser makes it, with its cookies.</summary>
    public Task<HttpResponseMessage> GetAsync(string path) => _browser.GetAsync(path);

    /// <summary>Any request, with the browser's cookies.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _browser.SendAsync(request);

    /// <summary>
    /// better-auth's email sign-in from Auther's own page: same origin, and with <paramref name="likeFetch"/> the
    /// <c>Sec-Fetch-Mode: cors</c> a browser's fetch() sends.
    /// </summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, bool likeFetch = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in/email") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("Origin", baseUrl.GetLeftPart(UriPartial.Authority));
        if (likeFetch)
        {
            request.Headers.Add("Sec-Fetch-Mode", "cors");
        }

        var response = await _browser.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response;
    }

    /// <summary>Authorize with the browser's session: the redirect to the client, checked; its code.</summary>
    public async Task<string> CodeAsync()
    {
        using var response = await _browser.GetAsync(AuthorizePath);
        response.StatusCode.ShouldBe(HttpStatusCode.Found, await response.Content.ReadAsStringAsync());
        return CodeFrom(response.Headers.Location!);
    }

    public string CodeFrom(Uri location)
    {
        location.GetLeftPart(UriPartial.Path).ShouldBe(redirectUri);
        var query = QueryHelpers.ParseQuery(location.Query);
        query["state"].ToString().ShouldBe(State);
        return query["code"].ToString();
    }

    /// <summary>Signs in, authorizes and exchanges the code: the token response.</summary>
    public async Task<JsonElement> TokensAsync(string email, string password)
    {
        (await SignInAsync(email, password)).Dispose();
        using var response = await ExchangeAsync(await CodeAsync());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The code exchange, as a confidential client (secret in the form).</summary>
    public Task<HttpResponseMessage> ExchangeAsync(string code) => TokenAsync(new()
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["redirect_uri"] = redirectUri,
        ["client_id"] = clientId,
        ["client_secret"] = clientSecret,
        ["code_verifier"] = Verifier,
    });

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) => TokenAsync(new()
    {
        ["grant_type"] = "refresh_token",
        ["refresh_token"] = refreshToken,
        ["client_id"] = clientId,
        ["client_secret"] = clientSecret,
    });

    public async Task<HttpResponseMessage> UserInfoAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/oauth2/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await _backchannel.SendAsync(request);
    }

    public void Dispose()
    {
        _browser.Dispose();
        _backchannel.Dispose();
    }

    private async Task<HttpResponseMessage> TokenAsync(Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/oauth2/token") { Content = new FormUrlEncodedContent(form) };
        return await _backchannel.SendAsync(request);
    }
}
