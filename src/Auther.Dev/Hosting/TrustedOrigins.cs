namespace Auther.Dev.Hosting;

/// <summary>
/// better-auth's CSRF check: a request that carries the session cookie must come with an <c>Origin</c> (or, without
/// one, a <c>Referer</c>) among the trusted ones (the configured trusted and CORS origins, the issuer, the server's
/// own base URL).
/// </summary>
internal static class TrustedOrigins
{
    /// <summary>Whether <paramref name="request"/>'s <c>Origin</c> is trusted; <paramref name="refusal"/> says why not.</summary>
    public static bool Check(HttpRequest request, AutherDevCore core, out string refusal)
    {
        // better-auth takes the Referer's origin when a browser sent no Origin.
        var origin = request.Headers.Origin.ToString() is { Length: > 0 } sent ? sent
            : Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) ? referer.GetLeftPart(UriPartial.Authority)
            : "";
        if (string.IsNullOrEmpty(origin) || origin == "null")
        {
            refusal = "Missing or null Origin";
            return false;
        }

        var trusted = core.Options.TrustedOrigins.Concat(core.Options.CorsOrigins).Select(o => o.TrimEnd('/'))
            .Append(core.Server.Issuer)
            .Append(core.Server.BaseUrl.GetLeftPart(UriPartial.Authority))
            .Append($"{request.Scheme}://{request.Host}");
        refusal = "Invalid origin";
        return trusted.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
    }
}
