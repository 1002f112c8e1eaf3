using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Auther.Dev.Shared;
using Auther.Dev.Users;

namespace Auther.Dev.Oidc;

/// <summary>
/// The oidc plugin's authorization codes (single use, 10 minutes, PKCE S256 required) and their exchange for an
/// id_token and an opaque access token. Codes live in memory: a restart forgets them, as a browser would retry.
/// </summary>
internal sealed class OidcService(AutherDevOptions options, UserService users, IdTokenFactory idTokens, TimeProvider time)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The oidc plugin's <c>accessTokenExpiresIn</c> as deployed Auther sets it (2 days).</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(172800);

    public static readonly string[] Scopes = ["openid", "profile", "email", "offline_access"];

    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);

    public OidcClientOptions? Client(string? clientId) => options.OidcClients.FirstOrDefault(c => c.ClientId == clientId);

    public string IssueCode(PendingCode pending)
    {
        var code = Ids.New();
        _codes[code] = pending with { ExpiresAt = time.GetUtcNow() + CodeLifetime };
        return code;
    }

    /// <summary>Redeems a code; the error is the OAuth <c>error</c> and its description when it cannot be.</summary>
    public (TokenResponse? Tokens, string? Error, string? Description) Redeem(string? code, string clientId, string? redirectUri, string? codeVerifier)
    {
        if (code is null || !_codes.TryRemove(code, out var pending) || pending.ExpiresAt <= time.GetUtcNow())
        {
            return (null, "invalid_grant", "invalid code");
        }

        if (pending.ClientId != clientId || pending.RedirectUri != redirectUri)
        {
            return (null, "invalid_grant", "client_id or redirect_uri does not match the authorization request");
        }

        if (codeVerifier is null || Challenge(codeVerifier) != pending.CodeChallenge)
        {
            return (null, "invalid_grant", "code verification failed");
        }

        if (users.Find(pending.UserId) is not { } user)
        {
            return (null, "invalid_grant", "user not found");
        }

        var idToken = idTokens.Create(user, clientId, pending.Scopes, pending.Nonce, pending.AuthTime);
        return (new TokenResponse(Ids.New(), "Bearer", (long)AccessTokenLifetime.TotalSeconds, string.Join(' ', pending.Scopes), idToken), null, null);
    }

    /// <summary>PKCE S256: base64url(SHA-256(verifier)).</summary>
    public static string Challenge(string codeVerifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));
}

internal sealed record PendingCode(
    string ClientId, string RedirectUri, string UserId, IReadOnlyList<string> Scopes, string CodeChallenge, string? Nonce, DateTimeOffset AuthTime,
    DateTimeOffset ExpiresAt = default);

/// <summary>The token endpoint's answer, serialised snake_case by hand in <see cref="OidcEndpoints"/>.</summary>
internal sealed record TokenResponse(string AccessToken, string TokenType, long ExpiresIn, string Scope, string IdToken);
