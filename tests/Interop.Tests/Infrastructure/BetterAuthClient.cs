using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Interop.Tests.Infrastructure;

/// <summary>
/// Talks to the interop better-auth the way a browser, a mobile app and Auther's operators do: sign-in with
/// Origin, the signed session cookie, get-session's <c>set-auth-jwt</c>, the OIDC code flow with PKCE, admin
/// routes with the cookie; plus the guarded /test routes for what better-auth has no API for.
/// </summary>
public sealed class BetterAuthClient(Uri baseUrl, string testSecret) : IDisposable
{
    public const string CookieName = "better-auth.session_token";

    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private string Origin => baseUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>Straight to better-auth (not through the app), as Auther's own sign-up page would.</summary>
    public async Task<string> SignUpAsync(string email, string password, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-up/email")
        {
            Content = JsonContent.Create(new { email, password, name }),
        };
        request.Headers.Add("x-internal-signup-secret", InteropAuther.SignupSecret);
        var body = await SendAsync(request);
        return body["user"]!["id"]!.GetValue<string>();
    }

    /// <summary>Signs in; returns the SIGNED cookie value as a browser holds it.</summary>
    public async Task<string> SignInAsync(string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in/email")
        {
            Content = JsonContent.Create(new { email, password }),
        };
        request.Headers.Add("Origin", Origin);
        using var response = await _http.SendAsync(request);
        await EnsureSuccessAsync(response);
        return SessionCookie(response) ?? throw new InvalidOperationException("sign-in set no session cookie");
    }

    /// <summary>The session JWT: get-session's <c>set-auth-jwt</c> header.</summary>
    public async Task<string> SessionJwtAsync(string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/get-session");
        request.Headers.Add("Cookie", $"{CookieName}={cookie}");
        using var response = await _http.SendAsync(request);
        await EnsureSuccessAsync(response);
        return response.Headers.TryGetValues("set-auth-jwt", out var values)
            ? values.Single()
            : throw new InvalidOperationException("get-session answered without set-auth-jwt (no valid session?)");
    }

    /// <summary>An OIDC id_token through authorization code + PKCE (S256), for a signed-in browser.</summary>
    public async Task<string> IdTokenAsync(string cookie, string clientId)
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        var state = Guid.NewGuid().ToString("N");
        var authorize = QueryHelpers.AddQueryString("/api/auth/oauth2/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = InteropAuther.RedirectUri,
            ["scope"] = "openid profile email",
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, authorize);
        request.Headers.Add("Cookie", $"{CookieName}={cookie}");
        using var redirect = await _http.SendAsync(request);
        redirect.StatusCode.ShouldBe(HttpStatusCode.Found, await redirect.Content.ReadAsStringAsync());
        var location = redirect.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).ShouldBe(InteropAuther.RedirectUri);
        var query = QueryHelpers.ParseQuery(location.Query);
        query["state"].ToString().ShouldBe(state);

        using var token = new HttpRequestMessage(HttpMethod.Post, "/api/auth/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = query["code"].ToString(),
                ["redirect_uri"] = InteropAuther.RedirectUri,
                ["client_id"] = clientId,
                ["client_secret"] = InteropAuther.ClientSecrets[clientId],
                ["code_verifier"] = verifier,
            }),
        };
        var body = await SendAsync(token);
        return body["id_token"]!.GetValue<string>();
    }

    /// <summary>What an operator does in Auther's admin UI: better-auth's admin routes with an admin's cookie.</summary>
    public Task<JsonNode> AdminAsync(string adminCookie, string route, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/auth/admin/{route}") { Content = JsonContent.Create(body) };
        request.Headers.Add("Cookie", $"{CookieName}={adminCookie}");
        request.Headers.Add("Origin", Origin);
        return SendAsync(request);
    }

    /// <summary>better-auth's own user row (null once removed), read from its store.</summary>
    public async Task<JsonNode?> UserAsync(string userId)
    {
        var body = await TestRouteAsync(HttpMethod.Get, "users");
        return body["users"]!.AsArray().FirstOrDefault(u => u!["id"]!.GetValue<string>() == userId);
    }

    public async Task SetRoleAsync(string userId, string role) => await TestRouteAsync(HttpMethod.Post, "users/role", new { userId, role });

    /// <summary>Adds a signing key; it is the newest, so tokens signed from now on carry its kid.</summary>
    public async Task<string> RotateKeyAsync() => (await TestRouteAsync(HttpMethod.Post, "jwks/rotate"))["kid"]!.GetValue<string>();

    public async Task RemoveKeyAsync(string kid) =>
        (await TestRouteAsync(HttpMethod.Post, "jwks/remove", new { kid }))["removed"]!.GetValue<int>().ShouldBe(1);

    /// <summary>How many requests better-auth has received on <paramref name="path"/> so far.</summary>
    public async Task<int> RequestCountAsync(string path) =>
        (await TestRouteAsync(HttpMethod.Get, "requests"))[path]?.GetValue<int>() ?? 0;

    public void Dispose() => _http.Dispose();

    private Task<JsonNode> TestRouteAsync(HttpMethod method, string route, object? body = null)
    {
        var request = new HttpRequestMessage(method, $"/test/{route}") { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-test-secret", testSecret);
        return SendAsync(request);
    }

    private async Task<JsonNode> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request);
            await EnsureSuccessAsync(response);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath} answered {(int)response.StatusCode}: " +
                await response.Content.ReadAsStringAsync());
        }
    }

    private static string? SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).Where(c => c.StartsWith(CookieName + "=", StringComparison.Ordinal))
                .Select(c => c[(CookieName.Length + 1)..]).LastOrDefault()
            : null;
}
