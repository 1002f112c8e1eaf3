using System.Security.Cryptography;
using System.Text;

namespace Auther.Dev.Sessions;

/// <summary>
/// better-auth's signed session cookie: the value is <c>&lt;token&gt;.&lt;base64 HMAC-SHA256(secret, token)&gt;</c>,
/// URL-encoded on the wire. A bare token in the cookie fails the signature check, as in better-auth.
/// </summary>
internal static class SessionCookie
{
    private const string SecureName = "__Secure-" + AutherSession.CookieName;

    // A base64 HMAC-SHA256 is 44 characters ending in '='; better-call checks the same before verifying.
    private const int SignatureLength = 44;

    public static string Sign(string token, string secret) =>
        $"{token}.{Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(token)))}";

    /// <summary>The session token of a validly signed cookie on the request, or <c>null</c>.</summary>
    public static string? Token(HttpRequest request, string secret) => Verify(Raw(request), secret);

    /// <summary>Whether the request carries a session cookie at all, signed or not.</summary>
    public static bool IsPresent(HttpRequest request) => Raw(request) is not null;

    public static string? Verify(string? value, string secret)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        value = value.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(value) : value;
        var dot = value.LastIndexOf('.');
        if (dot <= 0 || value.Length - dot - 1 != SignatureLength || !value.EndsWith('='))
        {
            return null;
        }

        var token = value[..dot];
        var expected = Encoding.ASCII.GetBytes(Sign(token, secret)[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(value[(dot + 1)..])) ? token : null;
    }

    /// <summary>The <c>Set-Cookie</c> header better-auth sends on sign-in.</summary>
    public static string SetCookie(string signedValue, TimeSpan maxAge) =>
        $"{AutherSession.CookieName}={Uri.EscapeDataString(signedValue)}; Max-Age={(long)maxAge.TotalSeconds}; Path=/; HttpOnly; SameSite=Lax";

    /// <summary>The <c>Set-Cookie</c> header that clears it (sign-out).</summary>
    public static string Expired() => $"{AutherSession.CookieName}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax";

    /// <summary>The cookie's value as sent, unchecked (documented mode compares it with a configured token).</summary>
    public static string? Raw(HttpRequest request)
    {
        var value = request.Cookies[AutherSession.CookieName];
        return string.IsNullOrEmpty(value) ? request.Cookies[SecureName] is { Length: > 0 } secure ? secure : null : value;
    }
}
