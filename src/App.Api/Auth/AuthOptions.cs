using Microsoft.Extensions.Options;

namespace App.Api.Auth;

/// <summary>How tokens are checked and identities cached. Section <c>Auth</c>; every value has a safe default.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Background JWKS refresh, well inside Auther's ~30-day rotation window.</summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most one JWKS fetch per this interval is caused by tokens with an unknown <c>kid</c> (as panva/jose).</summary>
    public TimeSpan UnknownKidCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one discovery + JWKS fetch.</summary>
    public TimeSpan JwksFetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sent as Retry-After when no signing keys could be had at all.</summary>
    public TimeSpan KeysUnavailableRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tokens longer than this are refused before any parsing.</summary>
    public int MaxTokenBytes { get; set; } = 16 * 1024;

    /// <summary>Verified tokens remembered (by hash) so a signature is checked once per token, not per request.</summary>
    public int VerifiedTokenCacheSize { get; set; } = 50_000;

    /// <summary>Shadow rows kept in memory; a miss costs one database read.</summary>
    public int ShadowUserCacheSize { get; set; } = 100_000;

    /// <summary>A user's profile is refreshed from token claims, and last_seen_at written, at most this often.</summary>
    public TimeSpan ShadowRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Ask Auther (list-users by id) for a user whose row was just created from a token without a role (deployed
    /// id_tokens), so an admin's role is right within seconds rather than at the next reconciliation.
    /// </summary>
    public bool LookUpNewUsers { get; set; } = true;

    /// <summary>
    /// Tokens whose <c>exp - iat</c> is longer are refused (deployed tokens live 2 days, exchange tokens 15 minutes);
    /// also the deny-list entry lifetime when a revoked token's own expiry is unknown.
    /// </summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromDays(2);

    public LegacySessionSettings Legacy { get; set; } = new();

    public sealed class LegacySessionSettings
    {
        /// <summary>Dual-mode cut-over: accept pre-Auther sessions beside JWTs. Turn off once drained.</summary>
        public bool Enabled { get; set; } = true;

        public string CookieName { get; set; } = "app_session";
    }
}

public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.JwksRefreshInterval < TimeSpan.FromSeconds(10))
        {
            failures.Add("Auth:JwksRefreshInterval must be at least 10 seconds (Auth__JwksRefreshInterval).");
        }

        if (options.UnknownKidCooldown < TimeSpan.Zero)
        {
            failures.Add("Auth:UnknownKidCooldown must not be negative (Auth__UnknownKidCooldown).");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add("Auth:ClockSkew must be between 0 and 5 minutes (Auth__ClockSkew).");
        }

        if (options.MaxTokenLifetime < TimeSpan.FromMinutes(1) || options.MaxTokenLifetime > TimeSpan.FromDays(30))
        {
            failures.Add("Auth:MaxTokenLifetime must be between 1 minute and 30 days (Auth__MaxTokenLifetime, e.g. 2.00:00:00).");
        }

        if (options.MaxTokenBytes is < 1024 or > 1024 * 1024)
        {
            failures.Add("Auth:MaxTokenBytes must be between 1024 and 1048576 (Auth__MaxTokenBytes).");
        }

        if (options.VerifiedTokenCacheSize < 0 || options.ShadowUserCacheSize < 1)
        {
            failures.Add("Auth:VerifiedTokenCacheSize must be >= 0 and Auth:ShadowUserCacheSize >= 1.");
        }

        if (string.IsNullOrWhiteSpace(options.Legacy.CookieName))
        {
            failures.Add("Auth:Legacy:CookieName must not be empty (Auth__Legacy__CookieName).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
