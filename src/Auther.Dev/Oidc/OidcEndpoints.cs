using System.Net.Http.Headers;
using System.Text;
using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Sessions;
using Auther.Dev.Shared;
using Microsoft.AspNetCore.WebUtilities;

namespace Auther.Dev.Oidc;

/// <summary>
/// The oidc plugin's authorization code flow: <c>GET /api/auth/oauth2/authorize</c> (needs a signed-in session;
/// without one it redirects to the login page with the same query) and <c>POST /api/auth/oauth2/token</c>.
/// Configured clients are trusted: no consent page. Plus a dev route that hands out an id_token directly.
/// </summary>
internal static class OidcEndpoints
{
    public static void MapOidc(this IEndpointRouteBuilder app, RouteGroupBuilder dev)
    {
        app.MapGet("/api/auth/oauth2/authorize", Authorize);
        app.MapPost("/api/auth/oauth2/token", Token);
        dev.MapPost("/id-token", DevIdToken);
    }

    private static IResult Authorize(HttpRequest request, AutherDevCore core)
    {
        if (SessionCookie.Token(request, core.Options.Secret) is not { } token || core.Sessions.Use(token) is not var (session, user))
        {
            return Results.Redirect($"{core.Options.LoginPage}?{request.QueryString.Value?.TrimStart('?')}");
        }

        string? Query(string name) => request.Query[name].ToString() is { Length: > 0 } value ? value : null;
        var errorPage = $"{request.Scheme}://{request.Host}/api/auth/error";
        var client = core.Oidc.Client(Query("client_id"));
        if (client is null)
        {
            return Results.Redirect($"{errorPage}?error=invalid_client");
        }

        var redirectUri = Query("redirect_uri");
        if (redirectUri is null || !client.RedirectUris.Contains(redirectUri))
        {
            return Results.Redirect($"{errorPage}?error=invalid_redirect");
        }

        var state = Query("state");
        var scopes = (Query("scope") ?? "openid").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        var refusal = Query("response_type") != "code" ? ("unsupported_response_type", "response_type must be code")
            : scopes.Any(s => !OidcService.Scopes.Contains(s)) ? ("invalid_scope", "The following scopes are invalid: " + string.Join(", ", scopes.Where(s => !OidcService.Scopes.Contains(s))))
            : Query("code_challenge") is null ? ("invalid_request", "pkce is required")
            : Query("code_challenge_method") != "S256" ? ("invalid_request", "invalid code_challenge method")
            : default((string Error, string Description)?);
        if (refusal is var (error, description))
        {
            return Results.Redirect(Back(redirectUri, state, ("error", error), ("error_description", description)));
        }

        var code = core.Oidc.IssueCode(new PendingCode(client.ClientId, redirectUri, user.Id, scopes, Query("code_challenge")!, Query("nonce"), session.CreatedAt));
        return Results.Redirect(Back(redirectUri, state, ("code", code)));
    }

    private static async Task<IResult> Token(HttpRequest request, AutherDevCore core)
    {
        var form = request.HasFormContentType
            ? (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
            : (await JsonBody.ReadAsync<Dictionary<string, string>>(request)).Value ?? [];
        string? Field(string name) => form.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        if (Field("grant_type") != "authorization_code")
        {
            return OAuthError(400, "unsupported_grant_type", "grant_type must be authorization_code");
        }

        var (clientId, clientSecret) = BasicCredentials(request) ?? (Field("client_id"), Field("client_secret"));
        var client = core.Oidc.Client(clientId);
        if (client is null || (client.ClientSecret is { } secret && !Secrets.Match(clientSecret ?? "", secret)))
        {
            return OAuthError(401, "invalid_client", "invalid client credentials");
        }

        var (tokens, error, description) = core.Oidc.Redeem(Field("code"), client.ClientId, Field("redirect_uri"), Field("code_verifier"));
        if (tokens is null)
        {
            return OAuthError(400, error!, description!);
        }

        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = tokens.AccessToken,
            ["token_type"] = tokens.TokenType,
            ["expires_in"] = tokens.ExpiresIn,
            ["scope"] = tokens.Scope,
            ["id_token"] = tokens.IdToken,
        }, AutherJson.Options);
    }

    private static async Task<IResult> DevIdToken(HttpRequest request, AutherDevCore core)
    {
        var (body, error) = await JsonBody.ReadAsync<IdTokenBody>(request);
        if (body?.UserId is null || body.ClientId is null)
        {
            return ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error ?? "userId and clientId are required");
        }

        return Results.Json(new { idToken = core.IssueIdToken(body.UserId, body.ClientId, body.Nonce) }, AutherJson.Options);
    }

    private static string Back(string redirectUri, string? state, params (string Name, string Value)[] parameters)
    {
        var all = parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)).ToList();
        if (state is not null)
        {
            all.Add(new("state", state));
        }

        return QueryHelpers.AddQueryString(redirectUri, all);
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

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, AutherJson.Options, statusCode: status);

    private sealed record IdTokenBody(string? UserId, string? ClientId, string? Nonce);
}
