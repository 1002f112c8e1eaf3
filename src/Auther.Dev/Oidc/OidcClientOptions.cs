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
}
