namespace Auther.Dev.Hosting;

/// <summary>Paths other code refers to (the fault switches, the banner, the dashboard).</summary>
internal static class Routes
{
    public const string Discovery = "/api/auth/.well-known/openid-configuration";
    public const string RootDiscovery = "/.well-known/openid-configuration";
    public const string Jwks = "/api/auth/jwks";
}
