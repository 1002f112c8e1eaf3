using Microsoft.AspNetCore.Diagnostics;

namespace App.Web.Errors;

/// <summary>
/// Auther (discovery, keys, the token endpoint) not answering while a sign-in starts or completes is an outage,
/// not a fault of the caller or of this app: 503 with Retry-After, never 500.
/// </summary>
public sealed class AutherUnavailableHandler(ILogger<AutherUnavailableHandler> logger) : IExceptionHandler
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsOutage(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        logger.LogWarning("Auther did not answer: {Error}", exception.Message);
        await WebProblems.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, "auther_unavailable", "Sign-in is unavailable",
            $"The identity provider is not answering. Try again in {RetryAfter.TotalSeconds:0} s.", RetryAfter);
        return true;
    }

    private static bool IsOutage(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is HttpRequestException or IOException or TimeoutException or TaskCanceledException)
            {
                return true;
            }
        }

        return false;
    }
}
