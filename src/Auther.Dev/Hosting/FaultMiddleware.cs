namespace Auther.Dev.Hosting;

/// <summary>Counts requests (by path, and discovery/JWKS fetches) and applies the fault switches before any route runs.</summary>
internal sealed class FaultMiddleware(RequestDelegate next, AutherDevCore core)
{
    public async Task InvokeAsync(HttpContext context)
    {
        core.State.ReloadIfChangedOnDisk();
        var path = context.Request.Path;
        core.Faults.Count(path.Value ?? "/");
        core.Faults.Observer?.Invoke(path.Value ?? "/");
        var isDiscovery = path.Equals(Routes.Discovery) || path.Equals(Routes.RootDiscovery);
        var isJwks = path.Equals(Routes.Jwks);
        if (isDiscovery)
        {
            core.Faults.CountDiscovery();
        }

        if (isJwks)
        {
            core.Faults.CountJwks();
        }

        if (core.Faults.JwksFailing && (isDiscovery || isJwks))
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        if (core.Faults.AnswerFor(path.Value ?? "/") is { } canned)
        {
            context.Response.StatusCode = canned.Status;
            context.Response.Headers.ContentType = canned.ContentType;
            await context.Response.WriteAsync(canned.Body);
            return;
        }

        if (path.StartsWithSegments("/api"))
        {
            if (core.Faults.Unavailable)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            if (core.Faults.ResponseDelay is { Ticks: > 0 } delay)
            {
                await Task.Delay(delay, context.RequestAborted);
            }
        }

        await next(context);
    }
}
