using System.Collections.Concurrent;

namespace Auther.Dev.Oidc;

/// <summary>
/// The access and refresh tokens the token endpoint handed out (better-auth's <c>oauthAccessToken</c> table), for
/// userinfo and the refresh_token grant. In memory: a restart forgets them, and the client signs in again.
/// </summary>
internal sealed class OidcGrants(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, OidcGrant> _byAccessToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OidcGrant> _byRefreshToken = new(StringComparer.Ordinal);

    public void Add(OidcGrant grant)
    {
        Purge();
        _byAccessToken[grant.AccessToken] = grant;
        if (grant.RefreshToken is { } refresh)
        {
            _byRefreshToken[refresh] = grant;
        }
    }

    /// <summary>The grant of a live access token, or <c>null</c>.</summary>
    public OidcGrant? ByAccessToken(string token) =>
        _byAccessToken.TryGetValue(token, out var grant) && grant.AccessExpiresAt > time.GetUtcNow() ? grant : null;

    /// <summary>The grant of a live refresh token, or <c>null</c>.</summary>
    public OidcGrant? ByRefreshToken(string token) =>
        _byRefreshToken.TryGetValue(token, out var grant) && grant.RefreshExpiresAt > time.GetUtcNow() ? grant : null;

    /// <summary>Ends a refresh token (documented mode rotates them: each is good for one refresh).</summary>
    public bool EndRefreshToken(string token) => _byRefreshToken.TryRemove(token, out _);

    /// <summary>Forgets what can no longer be used, so a long-running dev server does not grow without end.</summary>
    private void Purge()
    {
        var now = time.GetUtcNow();
        foreach (var (token, _) in _byAccessToken.Where(g => g.Value.AccessExpiresAt <= now))
        {
            _byAccessToken.TryRemove(token, out _);
        }

        foreach (var (token, _) in _byRefreshToken.Where(g => g.Value.RefreshExpiresAt <= now))
        {
            _byRefreshToken.TryRemove(token, out _);
        }
    }
}

/// <summary>One token response's tokens, their client, user and scopes.</summary>
internal sealed record OidcGrant(
    string AccessToken, string? RefreshToken, string ClientId, string UserId, IReadOnlyList<string> Scopes,
    DateTimeOffset AccessExpiresAt, DateTimeOffset RefreshExpiresAt, DateTimeOffset AuthTime);
