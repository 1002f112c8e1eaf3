namespace App.Web.Bff;

/// <summary>
/// Where /bff/login may send the browser after sign-in: a path on this site only. An open redirect would let any
/// link that starts here ("sign in with the app") end on an attacker's page with the user's trust.
/// </summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        // "//host" and "/\host" are protocol-relative: browsers treat both as another site.
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
