namespace App.Api.IdentityProvider;

/// <summary>Everything the app needs to know about its identity provider. Section <c>Auther</c>.</summary>
public sealed class AutherOptions
{
    public const string SectionName = "Auther";
    public const int MinimumSecretLength = 32;

    /// <summary>Base URL of Auther, e.g. https://auth.example.com.</summary>
    public string? Url { get; set; }

    /// <summary>OpenID configuration document; defaults to deployed Auther's path under <see cref="Url"/>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>
    /// Accepted <c>iss</c> values. Unset: <see cref="Url"/> (deployed Auther's id_tokens) and the <c>issuer</c> of the
    /// discovery document (deployed Auther's <c>JWT_ISSUER</c>, its session JWTs) when that differs.
    /// </summary>
    public List<string> Issuers { get; set; } = [];

    /// <summary>
    /// Accepted <c>aud</c> values: the session JWTs' audience (deployed Auther's <c>JWT_AUDIENCE[0]</c>) and the
    /// client id of each OAuth client whose id_tokens reach the app (web, mobile...).
    /// </summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>The single audience of earlier versions; still accepted, added to <see cref="Audiences"/>.</summary>
    public string? Audience { get; set; }

    /// <summary>Secrets of the app's webhook endpoint; several during a rotation. Each is tried for either signing format.</summary>
    public List<string> WebhookSecrets { get; set; } = [];

    /// <summary>Sent as <c>x-internal-signup-secret</c> when proxying sign-up.</summary>
    public string? SignupSecret { get; set; }

    /// <summary>Sent as <c>x-api-key</c> on admin and check-permission calls (documented Auther).</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Unset: <see cref="AdminAuthMode.SignIn"/> when <see cref="AdminEmail"/> is set, else SessionCookie when
    /// <see cref="AdminSessionToken"/> is set, else ApiKey.</summary>
    public AdminAuthMode? AdminAuth { get; set; }

    /// <summary>
    /// With <see cref="AdminAuthMode.SessionCookie"/>: the SIGNED value of deployed Auther's <c>better-auth.session_token</c>
    /// cookie (<c>token.signature</c>, as a browser holds it). It lives 7 days from its last use.
    /// </summary>
    public string? AdminSessionToken { get; set; }

    /// <summary>With <see cref="AdminAuthMode.SignIn"/>: the service admin the app signs in as.</summary>
    public string? AdminEmail { get; set; }

    /// <summary>With <see cref="AdminAuthMode.SignIn"/>: that admin's password. Never logged.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Which Auther this is; <see cref="AutherFlavor.Auto"/> infers it from the admin mode.</summary>
    public AutherFlavor Flavor { get; set; } = AutherFlavor.Auto;

    /// <summary>The <c>Origin</c> header deployed Auther checks on cookie-authenticated calls; defaults to <see cref="Url"/>.</summary>
    public string? AdminOrigin { get; set; }

    public Uri BaseUri => new(Url!.TrimEnd('/') + "/");

    public string ResolvedMetadataAddress =>
        string.IsNullOrWhiteSpace(MetadataAddress)
            ? $"{Url!.TrimEnd('/')}/api/auth/.well-known/openid-configuration"
            : MetadataAddress;

    /// <summary>The issuers configured, or <see cref="Url"/> alone (the discovery issuer joins it at run time).</summary>
    public IReadOnlyList<string> ResolvedIssuers =>
        Issuers.Where(i => !string.IsNullOrWhiteSpace(i)).ToList() is { Count: > 0 } issuers ? issuers : [Url!.TrimEnd('/')];

    /// <summary>True when <see cref="Issuers"/> is unset, so the discovery document's issuer is trusted too.</summary>
    public bool TrustDiscoveryIssuer => !Issuers.Any(i => !string.IsNullOrWhiteSpace(i));

    public IReadOnlyList<string> ResolvedAudiences =>
        Audiences.Append(Audience).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim()).Distinct(StringComparer.Ordinal).ToList();

    public AdminAuthMode ResolvedAdminAuth => AdminAuth ?? (
        !string.IsNullOrWhiteSpace(AdminEmail) ? AdminAuthMode.SignIn
        : !string.IsNullOrWhiteSpace(AdminSessionToken) ? AdminAuthMode.SessionCookie
        : AdminAuthMode.ApiKey);

    /// <summary>Deployed Auther refuses <c>x-api-key</c> on admin routes, so a cookie-based admin mode means deployed.</summary>
    public AutherFlavor ResolvedFlavor => Flavor != AutherFlavor.Auto ? Flavor
        : ResolvedAdminAuth == AdminAuthMode.ApiKey ? AutherFlavor.Documented : AutherFlavor.Deployed;

    public string ResolvedAdminOrigin => string.IsNullOrWhiteSpace(AdminOrigin) ? Url!.TrimEnd('/') : AdminOrigin;
}

public enum AdminAuthMode
{
    /// <summary>Header <c>x-api-key</c> (documented Auther).</summary>
    ApiKey,

    /// <summary>A configured signed <c>better-auth.session_token</c> cookie value plus <c>Origin</c> (deployed Auther).</summary>
    SessionCookie,

    /// <summary>Signs in as <see cref="AutherOptions.AdminEmail"/> and keeps the signed cookie, signing in again on a 401 (deployed Auther).</summary>
    SignIn,
}

public enum AutherFlavor
{
    /// <summary>Deployed when the admin mode is cookie-based (SessionCookie or SignIn), else Documented.</summary>
    Auto,

    /// <summary>The integration guide: check-permission answers for the subject it is asked about.</summary>
    Documented,

    /// <summary>better-auth based release: check-permission answers only for its caller, so it cannot judge another user.</summary>
    Deployed,
}
