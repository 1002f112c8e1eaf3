using System.Net;

namespace Auther.Dev.Hosting;

/// <summary>
/// Dev routes mint tokens for anyone without credentials: only a caller on this machine may use them
/// (unless the options open them, e.g. inside a container). Others see a plain 404, as if they did not exist.
/// </summary>
internal sealed class DevOnlyFilter(AutherDevOptions options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        return options.DevRoutesFromAnyAddress || remote is null || IPAddress.IsLoopback(remote)
            ? next(context)
            : ValueTask.FromResult<object?>(Results.NotFound());
    }
}
