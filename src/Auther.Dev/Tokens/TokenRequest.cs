namespace Auther.Dev.Tokens;

/// <summary>
/// What to put in a minted access token. Unset profile fields are filled from the user store when the
/// user exists. Also the JSON body of <c>POST /api/auth/dev/token</c> (camelCase names).
/// </summary>
public sealed record TokenRequest
{
    /// <summary><c>sub</c>: the Auther user id (for machine tokens, the key owner).</summary>
    public required string UserId { get; init; }

    /// <summary><c>email</c>; default: the stored user's.</summary>
    public string? Email { get; init; }

    /// <summary><c>name</c>; default: the stored user's.</summary>
    public string? Name { get; init; }

    /// <summary><c>email_verified</c> (deployed: <c>emailVerified</c>); default: the stored user's, else <c>true</c>.</summary>
    public bool? EmailVerified { get; init; }

    /// <summary><c>role</c>, comma-joined when several; default: the stored user's.</summary>
    public string? Role { get; init; }

    /// <summary><c>permissions</c>: entity to granted actions, e.g. <c>{"user":["deactivate"]}</c>. Dropped in deployed style.</summary>
    public IReadOnlyDictionary<string, string[]>? Permissions { get; init; }

    /// <summary><c>abac_required</c>: the subset that needs a live check-permission call. Dropped in deployed style.</summary>
    public IReadOnlyDictionary<string, string[]>? AbacRequired { get; init; }

    /// <summary><c>impersonator</c>: the admin acting as <see cref="UserId"/>.</summary>
    public string? Impersonator { get; init; }

    /// <summary><c>jti</c>; default: a random id (documented style) or none (deployed style).</summary>
    public string? Jti { get; init; }

    /// <summary>Leave <c>jti</c> out even in documented style.</summary>
    public bool OmitJti { get; init; }

    /// <summary><c>exp - iat</c>; default 1 hour (documented style) or 2 days (deployed style, as deployed Auther).</summary>
    public TimeSpan? Lifetime { get; init; }

    /// <summary><c>iat</c>; default: now.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary><c>aud</c>; default: the server's audience.</summary>
    public string? Audience { get; init; }

    /// <summary><c>iss</c>; default: the server's issuer.</summary>
    public string? Issuer { get; init; }

    /// <summary>Claim layout; default: the server's mode.</summary>
    public TokenStyle? Style { get; init; }

    /// <summary>Makes a machine token: adds <c>apiKeyId</c> and <c>scope: "api_key_exchange"</c>, no profile claims unless given.</summary>
    public string? ApiKeyId { get; init; }

    /// <summary>Sign with this key (published or removed) instead of the current one.</summary>
    public string? Kid { get; init; }

    /// <summary>Added last, replacing claims of the same name; a <c>null</c> value removes the claim.</summary>
    public IReadOnlyDictionary<string, object?>? ExtraClaims { get; init; }

    /// <summary>Header members added last (e.g. <c>jku</c>, <c>jwk</c>, <c>crit</c>, a different <c>kid</c>); <c>null</c> removes one. The signature is still made with the chosen key.</summary>
    public IReadOnlyDictionary<string, object?>? ExtraHeaders { get; init; }
}
