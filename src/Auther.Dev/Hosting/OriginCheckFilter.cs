using Auther.Dev.Errors;

namespace Auther.Dev.Hosting;

/// <summary>
/// better-auth's origin check on its POST routes: a request that carries cookies must come from a trusted
/// <c>Origin</c> (CSRF). Requests without cookies (a client's server calling the token endpoint) pass.
/// </summary>
internal sealed class OriginCheckFilter(AutherDevCore core) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        return request.Headers.Cookie.Count == 0 || TrustedOrigins.Check(request, core, out var refusal)
            ? next(context)
            : ValueTask.FromResult<object?>(ErrorResults.BetterAuth(403, "INVALID_ORIGIN", refusal));
    }
}
