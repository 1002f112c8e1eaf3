using App.Web.Auth;
using App.Web.Bff;
using App.Web.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace App.Web.Proxy;

/// <summary>
/// What every proxied <c>/api/**</c> call passes before YARP forwards it: the anti-forgery header, a live session,
/// an API token that has not expired. The token goes to the transform through <see cref="HttpContext.Items"/>.
/// After forwarding, an API that did not answer becomes a 503 problem instead of YARP's empty 502.
/// </summary>
public sealed class ApiGate(IOptions<ApiSettings> api, TimeProvider time)
{
    public const string TokenItem = "App.Web.ApiToken";
    public static readonly TimeSpan ApiRetryAfter = TimeSpan.FromSeconds(5);

    // A token this close to its expiry could expire on its way to the API.
    private static readonly TimeSpan ExpirySkew = TimeSpan.FromSeconds(5);

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (!Csrf.HasHeader(context.Request))
        {
            await Csrf.RefuseAsync(context);
            return;
        }

        var session = await context.AuthenticateAsync(WebAuthenticationSetup.CookieScheme);
        if (!session.Succeeded)
        {
            await WebProblems.SignedOutAsync(context);
            return;
        }

        var token = ApiToken.Choose(session.Properties.GetTokenValue("access_token"), session.Properties.GetTokenValue("id_token"), api.Value.Audience);
        if (token is null || token.ExpiresAt - ExpirySkew <= time.GetUtcNow())
        {
            await WebProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "session_expired", "Sign-in expired",
                "Your sign-in has expired: sign in again.");
            return;
        }

        context.Items[TokenItem] = token.Value;
        await next();

        if (context.GetForwarderErrorFeature() is { } error && !context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILogger<ApiGate>>().LogWarning("The API did not answer: {Error}", error.Error);
            await WebProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "api_unavailable", "The service is unavailable",
                $"The API is not answering. Try again in {ApiRetryAfter.TotalSeconds:0} s.", ApiRetryAfter);
        }
    }
}
