using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Sessions;
using Auther.Dev.Shared;

namespace Auther.Dev.Admin;

/// <summary>
/// Who may call the admin routes. Deployed Auther's admin plugin takes only a signed session cookie of an admin
/// with a trusted <c>Origin</c> (its CSRF check): <c>x-api-key</c> and the raw session token are refused.
/// Documented mode also takes the service API key in <c>x-api-key</c> and the configured
/// <see cref="AutherDevOptions.AdminSessionToken"/> as a plain cookie, as the guide describes.
/// </summary>
internal sealed class AdminAuthFilter(AutherDevCore core, ErrorShape shape) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var documented = core.Server.Mode == AutherMode.Documented;
        if (documented && Secrets.Match(request.Headers["x-api-key"].ToString(), core.Options.AdminApiKey))
        {
            return next(context);
        }

        if (!SessionCookie.IsPresent(request))
        {
            return Refuse(401, "UNAUTHORIZED", "Unauthorized");
        }

        if (!TrustedOrigins.Check(request, core, out var refusal))
        {
            return Refuse(403, "INVALID_ORIGIN", refusal);
        }

        if (documented && core.Options.AdminSessionToken is { } configured && SessionCookie.Raw(request) is { } raw && Secrets.Match(raw, configured))
        {
            return next(context);
        }

        if (SessionCookie.Token(request, core.Options.Secret) is not { } token || core.Sessions.Use(token) is not var (_, user))
        {
            return Refuse(401, "UNAUTHORIZED", "Unauthorized");
        }

        return user.Role.Split(',', StringSplitOptions.TrimEntries).Contains("admin")
            ? next(context)
            : Refuse(403, "FORBIDDEN", "You are not allowed to perform this action");
    }

    private ValueTask<object?> Refuse(int status, string code, string message) =>
        ValueTask.FromResult<object?>(shape == ErrorShape.BetterAuth
            ? ErrorResults.BetterAuth(status, code, message)
            : ErrorResults.Auther(status, code.ToLowerInvariant(), message));
}
