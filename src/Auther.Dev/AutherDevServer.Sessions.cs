using Auther.Dev.Sessions;

namespace Auther.Dev;

public sealed partial class AutherDevServer
{
    /// <summary>Sets a user's password (salted hash); every session of the user ends, as a password change does.</summary>
    /// <exception cref="AutherDevException">404 <c>USER_NOT_FOUND</c>.</exception>
    public void SetPassword(string userId, string password) => _core.Users.SetPassword(userId, password);

    /// <summary>
    /// Signs in as <c>POST /api/auth/sign-in/email</c> does (emits <c>session.created</c>). Use
    /// <see cref="AutherSession.SignedCookie"/> (or <see cref="AutherSession.CookieHeader"/>) for admin routes in
    /// deployed mode, <see cref="AutherSession.Token"/> for the raw token.
    /// </summary>
    /// <exception cref="AutherDevException">401 <c>INVALID_EMAIL_OR_PASSWORD</c>; 403 <c>BANNED_USER</c>, or <c>EMAIL_NOT_VERIFIED</c> in deployed mode.</exception>
    public AutherSession SignInWithPassword(string email, string password, string userAgent = "Auther.Dev", string ipAddress = "127.0.0.1") =>
        _core.SignIns.SignInWithPassword(email, password, userAgent, ipAddress);

    /// <summary>
    /// The session JWT <c>GET /api/auth/get-session</c> returns in <c>set-auth-jwt</c> for this session: the whole
    /// user row (role included), <c>iss</c> = <see cref="Issuer"/>, <c>aud</c> = <see cref="Audience"/>, 2 days. Using
    /// the session extends it, as get-session does.
    /// </summary>
    /// <exception cref="AutherDevException">401 <c>UNAUTHORIZED</c> when the session ended or expired.</exception>
    public string GetSessionJwt(AutherSession session) =>
        _core.Sessions.Use(session.Token) is var (_, user)
            ? _core.SessionJwts.For(user)
            : throw new AutherDevException(401, "UNAUTHORIZED", "The session ended or expired.");

    /// <summary>The live sessions of a user (ended and expired ones are gone).</summary>
    public IReadOnlyList<AutherSession> SessionsOf(string userId) =>
        _core.Sessions.For(userId).Where(s => s.ExpiresAt > _core.Time.GetUtcNow()).Select(_core.Sessions.ToPublic).ToList();
}
