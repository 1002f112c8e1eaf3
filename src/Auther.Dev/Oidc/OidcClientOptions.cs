namespace Auther.Dev.Oidc;

/// <summary>An OAuth client of the OIDC provider, as Auther's seeded trusted clients (web, mobile) are.</summary>
public sealed class OidcClientOptions
{
    /// <summary>The <c>client_id</c>, and the <c>aud</c> of the id_tokens issued to it.</summary>
    public required string ClientId { get; set; }

    /// <summary>Exact <c>redirect_uri</c> values the client may use.</summary>
    public List<string> RedirectUris { get; } = [];

    /// <summary>A confidential client's secret (sent by <c>client_secret_basic</c> or <c>_post</c>); <c>null</c>: a public client, PKCE only.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// A trusted client skips the consent page (the deployed Auther's env-configured client). An untrusted one (a
    /// dynamically registered client) fails after sign-in with 500 <c>NO_CONSENT_PAGE_PROVIDED</c>: Auther has no
    /// consent page, and neither has the local one.
    /// </summary>
    public bool Trusted { get; set; } = true;
}
