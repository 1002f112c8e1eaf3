using System.Net;
using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Sessions;
using Microsoft.AspNetCore.WebUtilities;

namespace Auther.Dev.Oidc;

/// <summary>
/// <c>GET /api/auth/oauth2/authorize</c>: without a session, to the login page with the same query; with one, for a
/// trusted client, straight back to its redirect URI with <c>code</c> and <c>state</c> (silent). PKCE with S256 is
/// required. <c>response_mode</c> is ignored: the answer is always a redirect with a query (<c>form_post</c> too).
/// </summary>
internal static class AuthorizeEndpoint
{
    public const string Path = "/api/auth/oauth2/authorize";

    public static IResult Handle(HttpRequest request, AutherDevCore core)
    {
        if (SessionCookie.Token(request, core.Options.Secret) is not { } token || core.Sessions.Use(token) is not var (session, user))
        {
            return Results.Redirect($"{core.Options.LoginPage}?{request.QueryString.Value?.TrimStart('?')}");
        }

        string? Query(string name) => request.Query[name].ToString() is { Length: > 0 } value ? value : null;
        var client = core.Oidc.Client(Query("client_id"));
        if (client is null)
        {
            return Results.Redirect(QueryHelpers.AddQueryString("/api/auth/error", new Dictionary<string, string?>
            {
                ["error"] = "invalid_client",
                ["error_description"] = "client_id is required",
            }));
        }

        var redirectUri = Query("redirect_uri");
        if (redirectUri is null || !client.RedirectUris.Contains(redirectUri))
        {
            // Never redirect to an address the client did not register: an error body here, as better-auth answers.
            return ErrorResults.BetterAuth(400, "INVALID_REDIRECT_URI", "Invalid redirect URI");
        }

        var state = Query("state");
        var scopes = (Query("scope") ?? "openid").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        var invalidScopes = scopes.Where(s => !OidcService.Scopes.Contains(s)).ToList();
        var refusal = Query("response_type") != "code" ? ("unsupported_response_type", "unsupported response type")
            : invalidScopes.Count > 0 ? ("invalid_scope", "The following scopes are invalid: " + string.Join(", ", invalidScopes))
            : Query("code_challenge") is null ? ("invalid_request", "pkce is required")
            : Query("code_challenge_method") != "S256" ? ("invalid_request", "invalid code_challenge method")
            : default((string Error, string Description)?);
        if (refusal is var (error, description))
        {
            return Results.Redirect(Back(redirectUri, state, ("error", error), ("error_description", description)));
        }

        if (!client.Trusted)
        {
            // The client would need the user's consent, and Auther has no consent page (better-auth's 500).
            return ErrorResults.BetterAuth(500, "NO_CONSENT_PAGE_PROVIDED", "No consent page provided");
        }

        var code = core.Oidc.IssueCode(new PendingCode(client.ClientId, redirectUri, user.Id, scopes, Query("code_challenge")!, Query("nonce"), session.CreatedAt));
        return Results.Redirect(Back(redirectUri, state, ("code", code)));
    }

    /// <summary>better-auth's error page, where authorize sends what it cannot send back to a client.</summary>
    public static IResult ErrorPage(HttpRequest request)
    {
        string E(string name) => WebUtility.HtmlEncode(request.Query[name].ToString());
        return Results.Content(
            $"<!doctype html><html><head><meta charset=utf-8><title>Error</title></head><body><h1>Error</h1>" +
            $"<p><code id=error>{E("error")}</code></p><p id=error_description>{E("error_description")}</p></body></html>",
            "text/html; charset=utf-8");
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
}
