using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Shared;

namespace Auther.Dev.Admin;

/// <summary>
/// Admin routes accept both ways the app may authenticate (docs/decisions.md, Calls to Auther): the service API key in
/// <c>x-api-key</c> (documented), or deployed Auther's admin session cookie, which better-auth only honours
/// with a trusted <c>Origin</c> (its CSRF check).
/// </summary>
internal sealed class AdminAuthFilter(AutherDevCore core, ErrorShape shape) : IEndpointFilter
{
    private static readonly string[] SessionCookies = ["better-auth.session_token", "__Secure-better-auth.session_token"];

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (Secrets.Match(request.Headers["x-api-key"].ToString(), core.Options.AdminApiKey))
        {
            return next(context);
        }

        var cookie = SessionCookies.Select(name => request.Cookies[name]).FirstOrDefault(value => !string.IsNullOrEmpty(value));
        if (cookie is not null && core.Options.AdminSessionToken is { } token && Secrets.Match(cookie, token))
        {
            var origin = request.Headers.Origin.ToString();
            return TrustedOrigins(request).Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase)
                ? next(context)
                : Refuse(403, "INVALID_ORIGIN", string.IsNullOrEmpty(origin) ? "Missing or null Origin" : "Invalid origin");
        }

        return Refuse(401, "UNAUTHORIZED", "Unauthorized");
    }

    private IEnumerable<string> TrustedOrigins(HttpRequest request) =>
        core.Options.TrustedOrigins.Select(o => o.TrimEnd('/'))
            .Append(core.Server.Issuer)
            .Append(core.Server.BaseUrl.GetLeftPart(UriPartial.Authority))
            .Append($"{request.Scheme}://{request.Host}");

    private ValueTask<object?> Refuse(int status, string code, string message) =>
        ValueTask.FromResult<object?>(shape == ErrorShape.BetterAuth
            ? ErrorResults.BetterAuth(status, code, message)
            : ErrorResults.Auther(status, code.ToLowerInvariant(), message));
}
