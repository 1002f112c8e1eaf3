namespace Auther.Dev.Sessions;

/// <summary>A signed-in session, as a browser holds it after <c>POST /api/auth/sign-in/email</c>.</summary>
/// <param name="Token">The RAW session token (what sign-in answers as <c>token</c>; admin routes refuse it as a cookie).</param>
/// <param name="SignedCookie">The cookie value <c>&lt;token&gt;.&lt;signature&gt;</c> (HMAC-SHA256, base64) admin routes take.</param>
/// <param name="UserId">Whose session.</param>
/// <param name="ExpiresAt">When it ends unless used again (it slides on every use).</param>
public sealed record AutherSession(string Token, string SignedCookie, string UserId, DateTimeOffset ExpiresAt)
{
    /// <summary>better-auth's cookie name over http (over https it is <c>__Secure-better-auth.session_token</c>).</summary>
    public const string CookieName = "better-auth.session_token";

    /// <summary>A ready <c>Cookie</c> header value: <c>better-auth.session_token=&lt;url-encoded signed value&gt;</c>.</summary>
    public string CookieHeader => $"{CookieName}={Uri.EscapeDataString(SignedCookie)}";
}
