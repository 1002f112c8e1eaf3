using System.Net.Http.Headers;
using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Sessions;
using Auther.Dev.Shared;

namespace Auther.Dev.Permissions;

/// <summary>
/// Deployed Auther's check-permission answers for its caller only: an API key (its owner), or a bearer session
/// token together with that session's signed cookie. A cookie and an <c>Origin</c> alone are not enough.
/// </summary>
internal sealed class PermissionCallerFilter(AutherDevCore core) : IEndpointFilter
{
    public const string CallerKey = "auther.caller";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var apiKey = http.Request.Headers["x-api-key"].ToString();
        string? caller;
        if (apiKey.Length > 0)
        {
            caller = core.Options.ApiKeys.GetValueOrDefault(apiKey)
                ?? (Secrets.Match(apiKey, core.Options.AdminApiKey) ? core.Options.AdminApiKeyOwnerId : null);
            if (caller is null)
            {
                return Refuse("invalid_api_key", "Invalid API key");
            }
        }
        else if (AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var header) && header.Scheme == "Bearer"
            && SessionCookie.Token(http.Request, core.Options.Secret) is { } cookieToken)
        {
            if (!Secrets.Match(header.Parameter ?? "", cookieToken) || core.Sessions.Use(cookieToken) is not var (_, user))
            {
                return Refuse("unauthorized", "Invalid session");
            }

            caller = user.Id;
        }
        else
        {
            return Refuse("unauthorized", "Missing authentication requirements");
        }

        http.Items[CallerKey] = caller;
        return next(context);
    }

    private static ValueTask<object?> Refuse(string error, string message) =>
        ValueTask.FromResult<object?>(ErrorResults.Auther(401, error, message));
}
