using Auther.Dev.Hosting;
using Auther.Dev.Shared;
using Auther.Dev.Tokens;
using Auther.Dev.Users;

namespace Auther.Dev.Oidc;

/// <summary>
/// What the token endpoint hands out, by mode. Deployed (better-auth's oidc plugin): an opaque 32-letter access
/// token living 2 days, a refresh token only with <c>offline_access</c>, the id_token only with <c>openid</c>; a
/// refresh answers a new access and refresh token, no id_token, and leaves the old refresh token valid (no
/// rotation). Documented (the guide's client integration): the access token is a JWT the API accepts (the user's
/// claims and permission maps, the server's audience, one hour); a refresh rotates the refresh token and brings
/// a new id_token.
/// </summary>
internal sealed class OidcTokens(
    ServerInfo server, OidcGrants grants, TokenMinter minter, IdTokenFactory idTokens, UserService users, TokenPermissions permissions, TimeProvider time)
{
    /// <summary>The oidc plugin's <c>accessTokenExpiresIn</c> as deployed Auther sets it (2 days).</summary>
    public static readonly TimeSpan DeployedAccessTokenLifetime = TimeSpan.FromSeconds(172800);

    /// <summary>The oidc plugin's default <c>refreshTokenExpiresIn</c> (7 days).</summary>
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(7);

    private bool IsDeployed => server.Mode == AutherMode.Deployed;

    public Dictionary<string, object> ForCode(PendingCode code, UserAccount user)
    {
        var body = Issue(code.ClientId, user, code.Scopes, code.AuthTime, "Bearer");
        if (code.Scopes.Contains("openid"))
        {
            body["id_token"] = idTokens.Create(user, code.ClientId, code.Scopes, code.Nonce, code.AuthTime);
        }

        return body;
    }

    /// <summary>The refresh_token grant for <paramref name="clientId"/>; the OAuth error when it cannot be honoured.</summary>
    public (Dictionary<string, object>? Body, OAuthError? Error) Refresh(string refreshToken, string clientId)
    {
        if (grants.ByRefreshToken(refreshToken) is not { } grant || users.Find(grant.UserId) is not { } user)
        {
            // A removed user's tokens go with the user (better-auth's foreign key cascades).
            return (null, new OAuthError("invalid_grant", "invalid refresh token"));
        }

        if (grant.ClientId != clientId)
        {
            return (null, new OAuthError("invalid_client", "invalid client_id"));
        }

        if (IsDeployed)
        {
            // better-auth neither rotates nor looks at the user: a banned user's refresh token keeps working.
            return (Issue(clientId, user, grant.Scopes, grant.AuthTime, "bearer"), null);
        }

        if (user.Banned && (user.BanExpires is null || user.BanExpires > time.GetUtcNow()))
        {
            return (null, new OAuthError("invalid_grant", "user is banned"));
        }

        if (!grants.EndRefreshToken(refreshToken))
        {
            return (null, new OAuthError("invalid_grant", "invalid refresh token"));
        }

        var body = Issue(clientId, user, grant.Scopes, grant.AuthTime, "Bearer");
        if (grant.Scopes.Contains("openid"))
        {
            body["id_token"] = idTokens.Create(user, clientId, grant.Scopes, nonce: null, grant.AuthTime);
        }

        return (body, null);
    }

    private Dictionary<string, object> Issue(string clientId, UserAccount user, IReadOnlyList<string> scopes, DateTimeOffset authTime, string tokenType)
    {
        var now = time.GetUtcNow();
        var (accessToken, expiresAt) = IsDeployed ? (Ids.Letters(), now + DeployedAccessTokenLifetime) : AccessJwt(user);
        var refreshToken = scopes.Contains("offline_access") ? Ids.Letters() : null;
        grants.Add(new OidcGrant(accessToken, refreshToken, clientId, user.Id, scopes, expiresAt, now + RefreshTokenLifetime, authTime));
        var body = new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = tokenType,
            ["expires_in"] = (long)Math.Round((expiresAt - now).TotalSeconds),
        };
        if (refreshToken is not null)
        {
            body["refresh_token"] = refreshToken;
        }

        body["scope"] = string.Join(' ', scopes);
        return body;
    }

    private (string Token, DateTimeOffset ExpiresAt) AccessJwt(UserAccount user)
    {
        var (granted, abacRequired) = permissions.For(user.Id);
        var minted = minter.Mint(new TokenRequest
        {
            UserId = user.Id,
            Style = TokenStyle.Documented,
            Lifetime = server.OidcTokenLifetime ?? TokenMinter.DocumentedLifetime,
            Permissions = granted,
            AbacRequired = abacRequired,
        });
        return (minted.Token, minted.ExpiresAt);
    }
}

/// <summary>An OAuth error (<c>error</c>, <c>error_description</c>); the endpoint picks the status by mode.</summary>
internal sealed record OAuthError(string Error, string Description);
