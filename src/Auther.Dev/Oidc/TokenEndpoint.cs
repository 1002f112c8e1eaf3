using System.Net.Http.Headers;
using System.Text;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Shared;

namespace Auther.Dev.Oidc;

/// <summary>
/// <c>POST /api/auth/oauth2/token</c>: the <c>authorization_code</c> grant (client authentication, then the code,
/// its redirect URI and its PKCE verifier) and the <c>refresh_token</c> grant. Client credentials come in the form
/// (<c>client_secret_post</c>) or as HTTP Basic. Error statuses follow the mode: deployed answers 401 for
/// <c>invalid_grant</c> as better-auth does, documented 400 as RFC 6749.
/// </summary>
internal static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, AutherDevCore core)
    {
        var request = http.Request;
        var form = request.HasFormContentType
            ? (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
            : (await JsonBody.ReadAsync<Dictionary<string, string>>(request)).Value ?? [];
        string? Field(string name) => form.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        IResult Fail(string error, string description) => Error(core, new OAuthError(error, description));

        var grantType = Field("grant_type");
        if (grantType is not ("authorization_code" or "refresh_token"))
        {
            return Fail("unsupported_grant_type", "grant_type must be 'authorization_code' or 'refresh_token'");
        }

        var (clientId, clientSecret) = Field("client_id") is null && Field("client_secret") is null && BasicCredentials(request) is { } basic
            ? basic
            : (Field("client_id"), Field("client_secret"));
        if (core.Oidc.Client(clientId) is not { } client)
        {
            return Fail("invalid_client", "invalid client_id");
        }

        // Deployed Auther's refresh checks only that the token belongs to the client_id, never the secret.
        var checksSecret = grantType == "authorization_code" || core.Server.Mode == AutherMode.Documented;
        if (checksSecret && client.ClientSecret is { } secret && !Secrets.Match(clientSecret ?? "", secret))
        {
            return Fail("invalid_client", clientSecret is null ? "client_secret is required for confidential clients" : "invalid client_secret");
        }

        if (grantType == "refresh_token")
        {
            if (Field("refresh_token") is not { } refreshToken)
            {
                return Fail("invalid_request", "refresh_token is required");
            }

            var (refreshed, refusal) = core.OidcTokens.Refresh(refreshToken, client.ClientId);
            return refreshed is null ? Error(core, refusal!) : Tokens(http, refreshed);
        }

        if (core.Oidc.Take(Field("code")) is not { } code)
        {
            return Fail("invalid_grant", "invalid code");
        }

        if (code.ClientId != client.ClientId || code.RedirectUri != Field("redirect_uri"))
        {
            return Fail("invalid_grant", "client_id or redirect_uri does not match the authorization request");
        }

        if (Field("code_verifier") is not { } verifier || OidcService.Challenge(verifier) != code.CodeChallenge)
        {
            return Fail("invalid_grant", "code verification failed");
        }

        return core.Users.Find(code.UserId) is { } user ? Tokens(http, core.OidcTokens.ForCode(code, user)) : Fail("invalid_grant", "user not found");
    }

    private static IResult Tokens(HttpContext http, Dictionary<string, object> body)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        return Results.Json(body, AutherJson.Options);
    }

    private static IResult Error(AutherDevCore core, OAuthError error)
    {
        var status = error.Error switch
        {
            "invalid_client" => 401,
            "invalid_grant" when core.Server.Mode == AutherMode.Deployed => 401,
            _ => 400,
        };
        return OidcEndpoints.Error(status, error);
    }

    private static (string? Id, string? Secret)? BasicCredentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Scheme != "Basic" || header.Parameter is null)
        {
            return null;
        }

        var bytes = new byte[header.Parameter.Length];
        if (!Convert.TryFromBase64String(header.Parameter, bytes, out var written))
        {
            return null;
        }

        var pair = Encoding.UTF8.GetString(bytes, 0, written).Split(':', 2);
        return (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : null);
    }
}
