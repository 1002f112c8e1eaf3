namespace Auther.Dev.Hosting;

/// <summary>
/// CORS for the configured browser origins (<see cref="AutherDevOptions.CorsOrigins"/>), with credentials, on the
/// routes a browser app calls across origins: better-auth's <c>/api/auth</c> routes (sign-in, get-session,
/// sign-out, the OAuth token and userinfo endpoints, the JWKS) and both discovery paths. Dev routes stay out.
/// </summary>
internal static class BrowserCors
{
    /// <summary>Answers preflights and adds the CORS headers before anything else runs (fault switches included).</summary>
    public static void UseBrowserCors(this WebApplication app, AutherDevOptions options)
    {
        var origins = options.CorsOrigins.Select(Normalize).ToArray();
        app.UseWhen(context => Applies(context.Request.Path), branch => branch.UseCors(policy => policy
            .WithOrigins(origins)
            .AllowCredentials()
            .AllowAnyHeader()
            .AllowAnyMethod()
            // The jwt plugin hands the session JWT out in this header: script across origins may read it only when exposed.
            .WithExposedHeaders("set-auth-jwt")));
    }

    /// <summary>
    /// An origin as a browser sends it: <c>scheme://host[:port]</c>, no path, no trailing slash.
    /// </summary>
    /// <exception cref="ArgumentException">Not an http(s) origin.</exception>
    public static string Normalize(string origin)
    {
        if (!Uri.TryCreate(origin.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new ArgumentException($"CORS origin {origin} is not an origin like http://localhost:5070 (scheme, host and port only).");
        }

        return uri.GetLeftPart(UriPartial.Authority);
    }

    private static bool Applies(PathString path) =>
        (path.StartsWithSegments("/api/auth") && !path.StartsWithSegments("/api/auth/dev"))
        || path.StartsWithSegments("/.well-known");
}
