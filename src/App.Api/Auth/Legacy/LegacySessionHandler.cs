using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using App.Api.Auth.Jwt;
using App.Api.Auth.Permissions;
using App.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Api.Auth.Legacy;

/// <summary>
/// The pre-Auther session path of the dual-mode cut-over: a session token from the <c>app_session</c> cookie,
/// <c>Authorization: Session &lt;token&gt;</c>, or a bearer value that is not a JWT. Sessions are stored as
/// SHA-256 hex. It yields the same <see cref="Principal"/> as a JWT (permissions from the shadow row's role),
/// so guards do not care which path a caller took.
/// </summary>
public sealed class LegacySessionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AuthOptions> authOptions,
    IOptions<PermissionRegistryOptions> registry,
    AppDbContext db,
    LegacySessionMisses misses,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public static readonly TokenRejection InvalidSession = new("session_invalid", "The session is invalid or has expired.");
    public static readonly TokenRejection Disabled = new("legacy_disabled", "Session tokens are no longer accepted; sign in with Auther.");

    /// <summary>
    /// A bearer value that is no JWT and no session: most often the OAuth access_token of deployed Auther, which is
    /// opaque. Say what to send instead of "session invalid", which names a mechanism the caller never used.
    /// </summary>
    public static readonly TokenRejection NotAJwt = new("token_not_jwt",
        "This bearer token is neither a JWT nor a session. Send an Auther session JWT (the set-auth-jwt header of get-session) " +
        "or the OIDC id_token; the OAuth access_token of Auther is opaque and not accepted here.");

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string? TokenFrom(HttpRequest request, string cookieName)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Session ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization[8..].Trim();
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && !AuthSchemes.LooksLikeJwt(authorization.AsSpan(7)))
        {
            return authorization[7..].Trim();
        }

        return request.Cookies.TryGetValue(cookieName, out var cookie) && !string.IsNullOrWhiteSpace(cookie) ? cookie : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = TokenFrom(Request, authOptions.Value.Legacy.CookieName);
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        var invalid = Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? NotAJwt : InvalidSession;
        if (!authOptions.Value.Legacy.Enabled)
        {
            return AuthenticateResult.Fail(new TokenRejectedException(invalid == NotAJwt ? NotAJwt : Disabled));
        }

        if (token.Length > 512)
        {
            return AuthenticateResult.Fail(new TokenRejectedException(invalid));
        }

        var hash = Hash(token);
        if (misses.IsKnownMiss(hash))
        {
            return AuthenticateResult.Fail(new TokenRejectedException(invalid));
        }

        var now = time.GetUtcNow();
        var session = await db.LegacySessions.AsNoTracking()
            .Where(s => s.TokenHash == hash && s.ExpiresAt > now)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.CreatedAt, User = u })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (session is null)
        {
            misses.Remember(hash);
            return AuthenticateResult.Fail(new TokenRejectedException(invalid));
        }

        var roles = Principal.ParseRoles(session.User.Role);
        var principal = new Principal
        {
            UserId = session.User.Id,
            Email = session.User.Email,
            Name = session.User.Name,
            EmailVerified = session.User.EmailVerified,
            Roles = roles,
            GrantedPermissions = registry.Value.ForRoles(roles).ToHashSet(StringComparer.Ordinal),
            Method = AuthMethod.Legacy,
            IssuedAt = session.CreatedAt,
        };
        Claim[] claims = [new("sub", principal.UserId), new("auth_method", "legacy")];
        return AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new PrincipalIdentity(claims, Scheme.Name, principal)), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await AuthProblems.WriteUnauthorizedAsync(Context, result.Failure is null ? null : AutherJwtEvents.Classify(result.Failure));
    }
}
