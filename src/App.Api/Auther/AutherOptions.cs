namespace App.Api.Auther;

/// <summary>Everything the app needs to know about its identity provider. Section <c>Auther</c>.</summary>
public sealed class AutherOptions
{
    public const string SectionName = "Auther";
    public const int MinimumSecretLength = 32;

    /// <summary>Base URL of Auther, e.g. https://auth.example.com.</summary>
    public string? Url { get; set; }

    /// <summary>OpenID configuration document; defaults to deployed Auther's path under <see cref="Url"/>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Accepted <c>iss</c> values; defaults to <see cref="Url"/>.</summary>
    public List<string> Issuers { get; set; } = [];

    /// <summary>The <c>aud</c> this app's tokens carry.</summary>
    public string? Audience { get; set; }

    /// <summary>Secrets of the app's webhook endpoint; several during a rotation. Each is tried for either signing format.</summary>
    public List<string> WebhookSecrets { get; set; } = [];

    /// <summary>Sent as <c>x-internal-signup-secret</c> when proxying sign-up.</summary>
    public string? SignupSecret { get; set; }

    /// <summary>Sent as <c>x-api-key</c> on admin and check-permission calls (documented Auther).</summary>
    public string? AdminApiKey { get; set; }

    public AdminAuthMode AdminAuth { get; set; } = AdminAuthMode.ApiKey;

    /// <summary>Deployed Auther's admin routes want an admin session cookie (with <see cref="AdminAuthMode.SessionCookie"/>).</summary>
    public string? AdminSessionToken { get; set; }

    /// <summary>The <c>Origin</c> header deployed Auther checks on cookie-authenticated calls; defaults to <see cref="Url"/>.</summary>
    public string? AdminOrigin { get; set; }

    public Uri BaseUri => new(Url!.TrimEnd('/') + "/");

    public string ResolvedMetadataAddress =>
        string.IsNullOrWhiteSpace(MetadataAddress)
            ? $"{Url!.TrimEnd('/')}/api/auth/.well-known/openid-configuration"
            : MetadataAddress;

    public IReadOnlyList<string> ResolvedIssuers =>
        Issuers.Where(i => !string.IsNullOrWhiteSpace(i)).ToList() is { Count: > 0 } issuers ? issuers : [Url!.TrimEnd('/')];

    public string ResolvedAdminOrigin => string.IsNullOrWhiteSpace(AdminOrigin) ? Url!.TrimEnd('/') : AdminOrigin;
}

public enum AdminAuthMode
{
    /// <summary>Header <c>x-api-key</c> (documented Auther).</summary>
    ApiKey,

    /// <summary>Cookie <c>better-auth.session_token</c> plus <c>Origin</c> (deployed Auther).</summary>
    SessionCookie,
}
