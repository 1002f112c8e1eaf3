using System.ComponentModel.DataAnnotations;

namespace App.Web.Auth;

/// <summary>
/// Auther as this web app's OpenID Connect provider (section <c>Auther</c>). The web app is a confidential
/// client: deployed Auther knows exactly one, configured in its environment with one redirect URI
/// (<c>{web app}/signin-oidc</c>); docs/web-client.md says what to register.
/// </summary>
public sealed class AutherSettings
{
    public const string SectionName = "Auther";

    /// <summary>Auther's base URL as this server reaches it (discovery, token endpoint, keys).</summary>
    [Required, Url]
    public string? Url { get; set; }

    /// <summary>Auther's base URL as the browser reaches it, when it differs (a container network); default <see cref="Url"/>.</summary>
    [Url]
    public string? PublicUrl { get; set; }

    /// <summary>The discovery document; default deployed Auther's <c>{Url}/api/auth/.well-known/openid-configuration</c>.</summary>
    [Url]
    public string? MetadataAddress { get; set; }

    /// <summary>
    /// Issuers accepted on id_tokens besides the discovery document's: deployed Auther signs id_tokens with its base
    /// URL while discovery names <c>JWT_ISSUER</c>. Default: <see cref="Url"/> and <see cref="PublicUrl"/>.
    /// </summary>
    public List<string> Issuers { get; set; } = [];

    [Required]
    public string? ClientId { get; set; }

    [Required]
    public string? ClientSecret { get; set; }

    /// <summary><c>offline_access</c> asks for a refresh token (deployed Auther gives one only then).</summary>
    public List<string> Scopes { get; set; } = ["openid", "profile", "email", "offline_access"];

    public string BackchannelUrl => Url!.TrimEnd('/');

    public string BrowserUrl => (string.IsNullOrWhiteSpace(PublicUrl) ? Url! : PublicUrl).TrimEnd('/');

    public string ResolvedMetadataAddress =>
        string.IsNullOrWhiteSpace(MetadataAddress) ? $"{BackchannelUrl}/api/auth/.well-known/openid-configuration" : MetadataAddress;

    public IReadOnlyList<string> ResolvedIssuers =>
        Issuers.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.TrimEnd('/'))
            .DefaultIfEmpty(BackchannelUrl).Append(BrowserUrl).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Where the browser ends its Auther session (better-auth's sign-out; Auther has no end_session_endpoint).</summary>
    public string SignOutUrl => $"{BrowserUrl}/api/auth/sign-out";
}
