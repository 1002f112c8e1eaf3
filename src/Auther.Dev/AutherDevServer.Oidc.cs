namespace Auther.Dev;

public sealed partial class AutherDevServer
{
    /// <summary>
    /// The <c>iss</c> of OIDC id_tokens: deployed mode, the base URL without a trailing slash (the session JWT uses
    /// <see cref="Issuer"/>); documented mode, <see cref="Issuer"/>.
    /// </summary>
    public string IdTokenIssuer => Oidc.IdTokenFactory.Issuer(_core.Server);

    /// <summary>
    /// An id_token for <paramref name="userId"/> as the authorization code flow issues it to <paramref name="clientId"/>
    /// (a client in <see cref="AutherDevOptions.OidcClients"/>) with scopes <c>openid profile email</c>: <c>aud</c> = the
    /// client, no role; in deployed mode <c>iat</c> in milliseconds.
    /// </summary>
    /// <exception cref="AutherDevException">404 <c>USER_NOT_FOUND</c> or <c>CLIENT_NOT_FOUND</c>.</exception>
    public string IssueIdToken(string userId, string clientId, string? nonce = null) => _core.IssueIdToken(userId, clientId, nonce);

    /// <summary>
    /// The <c>permissions</c> and <c>abac_required</c> maps documented mode puts in this user's OAuth access tokens
    /// (the code flow's JWT); deployed tokens never carry them. Memory only.
    /// </summary>
    public void SetTokenPermissions(string userId, IReadOnlyDictionary<string, string[]> permissions, IReadOnlyDictionary<string, string[]>? abacRequired = null) =>
        _core.TokenPermissions.Set(userId, permissions, abacRequired);
}
