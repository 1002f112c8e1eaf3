using Auther.Dev.Keys;
using Auther.Dev.Oidc;
using Auther.Dev.Permissions;
using Auther.Dev.Webhooks;
using Auther.Dev.Webhooks.Delivery;
using Microsoft.Extensions.Logging;

namespace Auther.Dev;

/// <summary>Everything the local Auther can be told; all settable in code, the <c>serve</c> verb maps its flags onto it.</summary>
public sealed class AutherDevOptions
{
    /// <summary>The <c>iss</c> of minted tokens and of discovery; <c>null</c>: the server's base URL without a trailing slash.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> of minted tokens.</summary>
    public string Audience { get; set; } = "app-api";

    /// <summary>Algorithm of the first key, and of later rotations unless one is named.</summary>
    public KeyAlgorithm Algorithm { get; set; } = KeyAlgorithm.EdDSA;

    /// <summary>How long a rotated-out key stays published (Auther: about 30 days).</summary>
    public TimeSpan KeyGracePeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>JSON file holding keys (with private material), users, grants and known devices; <c>null</c>: memory only.</summary>
    public string? StateFile { get; set; }

    /// <summary>Documented or deployed behaviour.</summary>
    public AutherMode Mode { get; set; } = AutherMode.Documented;

    /// <summary>Expected <c>x-internal-signup-secret</c> on sign-up.</summary>
    public string SignupSecret { get; set; } = "dev-signup-secret-0123456789abcdef-0123";

    /// <summary>Expected <c>x-api-key</c> on admin and check-permission calls.</summary>
    public string AdminApiKey { get; set; } = "dev-admin-api-key";

    /// <summary>An admin session token accepted as cookie <c>better-auth.session_token</c> (with an <c>Origin</c>); <c>null</c>: cookie auth off.</summary>
    public string? AdminSessionToken { get; set; }

    /// <summary>
    /// better-auth's <c>BETTER_AUTH_SECRET</c>: the HMAC key of the signed <c>better-auth.session_token</c> cookie.
    /// </summary>
    public string Secret { get; set; } = "dev-better-auth-secret-0123456789abcdef";

    /// <summary>A session lives this long from its last use (better-auth's default: 7 days), then needs a new sign-in.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Deployed mode: password sign-in refuses an unverified email (deployed Auther sets <c>requireEmailVerification</c>).</summary>
    public bool RequireEmailVerification { get; set; } = true;

    /// <summary>
    /// Deployed mode: the user <see cref="AdminApiKey"/> belongs to, the caller check-permission answers for when
    /// that key is used (real API keys always have an owner); <c>null</c>: the key is refused there.
    /// </summary>
    public string? AdminApiKeyOwnerId { get; set; }

    /// <summary>OAuth clients of the OIDC provider (authorization code + PKCE); trusted, so no consent page.</summary>
    public List<OidcClientOptions> OidcClients { get; } = [];

    /// <summary>
    /// How long the token endpoint's id_tokens live, and in documented mode its JWT access tokens too; <c>null</c>: the
    /// mode's own (deployed: 2 days; documented: 1 hour). Short, to see a client renew them.
    /// </summary>
    public TimeSpan? OidcTokenLifetime { get; set; }

    /// <summary>Where <c>/oauth2/authorize</c> sends a caller without a session (the oidc plugin's <c>loginPage</c>).</summary>
    public string LoginPage { get; set; } = "/sign-in";

    /// <summary>Origins accepted with the session cookie, besides the issuer, the server's own base URL and <see cref="CorsOrigins"/>.</summary>
    public List<string> TrustedOrigins { get; } = [];

    /// <summary>
    /// Browser origins (<c>scheme://host[:port]</c>) that may call the <c>/api/auth</c> routes and discovery from
    /// script with credentials (CORS, preflights answered), as the deployed Auther's trusted origins may; they are
    /// trusted by the <c>Origin</c> check too.
    /// </summary>
    public List<string> CorsOrigins { get; } = [];

    /// <summary>Where events go; more can be added after start with <see cref="AutherDevServer.AddWebhookEndpoint"/>.</summary>
    public List<WebhookEndpointOptions> WebhookEndpoints { get; } = [];

    /// <summary>API keys accepted by <c>/api/auth/api-key/exchange</c>: key to owner user id.</summary>
    public Dictionary<string, string> ApiKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>User id to the largest amount that user may approve (<c>expense:approve</c> ABAC rule).</summary>
    public Dictionary<string, decimal> ExpenseApprovalLimits { get; } = new(StringComparer.Ordinal);

    /// <summary>Extra check-permission rules, asked first: <c>true</c> allow, <c>false</c> deny, <c>null</c> no opinion.</summary>
    public List<Func<PermissionCheckBody, bool?>> PermissionRules { get; } = [];

    /// <summary>Webhook retry schedule.</summary>
    public WebhookRetryOptions Retry { get; set; } = new();

    /// <summary>How many deliveries the log keeps for the dashboard and tests.</summary>
    public int DeliveryLogSize { get; set; } = 500;

    /// <summary>Address to listen on: an IP (loopback by default), <c>localhost</c> for both loopbacks, <c>0.0.0.0</c> in a container.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Dev-only routes (token minting, dashboard, switches) answer loopback callers only unless this is set.</summary>
    public bool DevRoutesFromAnyAddress { get; set; }

    /// <summary>The clock for timestamps, token times and key retirement (retry delays use real time).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The app's base URL, only used in the curl examples the dashboard and <c>serve --seed</c> print.</summary>
    public string AppUrl { get; set; } = "http://localhost:5080";

    /// <summary>Console log level; tests keep it quiet.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;

    internal bool HandleConsoleSignals { get; set; }
}
