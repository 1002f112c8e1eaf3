using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Auther.Dev.Shared;

namespace Auther.Dev.Oidc;

/// <summary>
/// The oidc plugin's clients (configured, and registered at run time in deployed mode) and its authorization
/// codes (single use, 10 minutes). Codes and registered clients live in memory: a restart forgets them.
/// </summary>
internal sealed class OidcService(AutherDevOptions options, TimeProvider time)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    public static readonly string[] Scopes = ["openid", "profile", "email", "offline_access"];

    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OidcClientOptions> _registered = new(StringComparer.Ordinal);

    public OidcClientOptions? Client(string? clientId) =>
        clientId is null ? null : options.OidcClients.FirstOrDefault(c => c.ClientId == clientId) ?? _registered.GetValueOrDefault(clientId);

    /// <summary>Dynamic client registration: a confidential client that is not trusted (no consent page can be shown to it).</summary>
    public OidcClientOptions Register(IEnumerable<string> redirectUris)
    {
        var client = new OidcClientOptions { ClientId = Ids.Letters(), ClientSecret = Ids.Letters(), Trusted = false };
        client.RedirectUris.AddRange(redirectUris);
        _registered[client.ClientId] = client;
        return client;
    }

    public string IssueCode(PendingCode pending)
    {
        var code = Ids.Letters();
        _codes[code] = pending with { ExpiresAt = time.GetUtcNow() + CodeLifetime };
        return code;
    }

    /// <summary>The pending code, removed whatever happens next (single use); <c>null</c> when unknown or expired.</summary>
    public PendingCode? Take(string? code) =>
        code is not null && _codes.TryRemove(code, out var pending) && pending.ExpiresAt > time.GetUtcNow() ? pending : null;

    /// <summary>PKCE S256: base64url(SHA-256(verifier)).</summary>
    public static string Challenge(string codeVerifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));
}

/// <summary>An authorization code waiting to be exchanged: who signed in, for which client, with what.</summary>
internal sealed record PendingCode(
    string ClientId, string RedirectUri, string UserId, IReadOnlyList<string> Scopes, string CodeChallenge, string? Nonce, DateTimeOffset AuthTime,
    DateTimeOffset ExpiresAt = default);
