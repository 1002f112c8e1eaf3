using Auther.Dev.Hosting;
using Auther.Dev.Tokens;
using Auther.Dev.Users;

namespace Auther.Dev.Sessions;

/// <summary>
/// Signing in: by password (what <c>POST /api/auth/sign-in/email</c> does), or the dev shortcut that skips the
/// password and hands back an access token for the new session.
/// </summary>
internal sealed class SignInService(UserService users, SessionService sessions, TokenMinter tokens, ServerInfo server, AutherDevOptions options)
{
    public SignInResult SignIn(string userId, string userAgent, string ipAddress)
    {
        var user = users.Find(userId) ?? throw UserService.NotFound();
        var (session, newDevice) = sessions.Start(user, userAgent, ipAddress);
        var token = tokens.Mint(new TokenRequest { UserId = userId }).Token;
        return new SignInResult(session.Id, userId, session.ExpiresAt, newDevice, token);
    }

    /// <exception cref="AutherDevException">401 <c>INVALID_EMAIL_OR_PASSWORD</c>, 403 <c>EMAIL_NOT_VERIFIED</c> (deployed) or <c>BANNED_USER</c>.</exception>
    public AutherSession SignInWithPassword(string email, string password, string userAgent, string ipAddress)
    {
        var user = users.FindByPassword(email, password)
            ?? throw new AutherDevException(401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password");
        if (server.Mode == AutherMode.Deployed && options.RequireEmailVerification && !user.EmailVerified)
        {
            throw new AutherDevException(403, "EMAIL_NOT_VERIFIED", "Email not verified");
        }

        return sessions.ToPublic(sessions.Start(user, userAgent, ipAddress).Session);
    }
}
