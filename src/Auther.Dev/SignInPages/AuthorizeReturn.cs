using Microsoft.AspNetCore.WebUtilities;

namespace Auther.Dev.SignInPages;

/// <summary>
/// Where a finished sign-in goes: back to <c>/api/auth/oauth2/authorize</c> with the query it came with, and only
/// when that query names a registered client and one of its redirect URIs. The target is always this server's
/// authorize route, so the page can never be made to redirect anywhere else (no open redirect).
/// </summary>
internal static class AuthorizeReturn
{
    public const string AuthorizePath = "/api/auth/oauth2/authorize";

    public static string? Url(IQueryCollection query, Hosting.AutherDevCore core) =>
        ClientName(query, core) is null ? null : QueryHelpers.AddQueryString(AuthorizePath, Pairs(query));

    /// <summary>The client the authorization request is for, when it is registered and the redirect URI is one of its own.</summary>
    public static string? ClientName(IQueryCollection query, Hosting.AutherDevCore core) =>
        core.Oidc.Client(query["client_id"].ToString()) is { } client && client.RedirectUris.Contains(query["redirect_uri"].ToString())
            ? client.ClientId
            : null;

    /// <summary>The request's query, re-encoded from its parsed values (a page URL carries it on).</summary>
    public static QueryString Query(IQueryCollection query) => QueryString.Create(Pairs(query));

    private static IEnumerable<KeyValuePair<string, string?>> Pairs(IQueryCollection query) =>
        query.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)));
}
