namespace Auther.Dev.Errors;

/// <summary>Turns an <see cref="AutherDevException"/> thrown by a handler into the route's error body, never a 500 page.</summary>
internal sealed class ErrorShapeFilter(ErrorShape shape) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AutherDevException ex)
        {
            return shape == ErrorShape.BetterAuth
                ? ErrorResults.BetterAuth(ex.Status, ex.Code, ex.Message)
                : ErrorResults.Auther(ex.Status, ex.Code.ToLowerInvariant(), ex.Message);
        }
    }
}
