using Auther.Dev;

namespace Browser.Tests;

/// <summary>The same stack with the local Auther behaving as the deployed one: opaque access tokens, so the web app forwards the id_token.</summary>
public sealed class DeployedWebAppFixture() : WebAppFixture(AutherMode.Deployed);

/// <summary>
/// Documented Auther whose access tokens live 8 s: within the web app's 5 minutes of renewal from the start, so
/// every session call renews them with the refresh token, and they really expire while a test waits.
/// </summary>
public sealed class ShortTokenWebAppFixture() : WebAppFixture(AutherMode.Documented, TokenLifetime)
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(8);
}

/// <summary>
/// Deployed Auther whose id_tokens live 15 s, and web instances that want them renewed 10 s before expiry (the
/// least they accept): the page renews 5 s after sign-in, and the id_token really expires while a test waits.
/// </summary>
public sealed class ShortIdTokenWebAppFixture() : WebAppFixture(AutherMode.Deployed, TokenLifetime,
    new Dictionary<string, string?> { ["Session:RenewBefore"] = "00:00:10" })
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(15);
}
