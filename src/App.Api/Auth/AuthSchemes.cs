namespace App.Api.Auth;

/// <summary>
/// The schemes: Auther's JWT handler is the default, and it forwards by what the request carries (a
/// session cookie, <c>Session</c> header or non-JWT bearer value goes to the legacy handler while the cut-over
/// lasts; a JWT-shaped bearer value, or no credentials, stays with it), so both paths sit behind one default.
/// </summary>
public static class AuthSchemes
{
    public const string Jwt = "AutherJwt";
    public const string Legacy = "LegacySession";

    /// <summary>Three dot-separated, non-empty-header parts: a JWS. Anything else is never sent to the JWT handler.</summary>
    public static bool LooksLikeJwt(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        var first = value.IndexOf('.');
        if (first <= 0)
        {
            return false;
        }

        var rest = value[(first + 1)..];
        var second = rest.IndexOf('.');
        return second >= 0 && rest[(second + 1)..].IndexOf('.') < 0;
    }

    /// <summary>JWT-shaped bearer values (and requests with no credentials) go to the JWT handler; everything else to the legacy one.</summary>
    public static string Select(HttpContext context, string cookieName)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return LooksLikeJwt(authorization.AsSpan(7)) ? Jwt : Legacy;
        }

        return authorization.StartsWith("Session ", StringComparison.OrdinalIgnoreCase) || context.Request.Cookies.ContainsKey(cookieName)
            ? Legacy
            : Jwt;
    }
}
