using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace App.Web.Errors;

/// <summary>
/// Auther (discovery, keys, the token endpoint) not answering while a sign-in starts or completes is an outage,
/// not a fault of the caller or of this app: 503 with Retry-After, never 500. A browser navigating to
/// <c>/bff/login</c> gets a short page saying so; any other caller the problem body.
/// </summary>
public sealed class AutherUnavailableHandler(ILogger<AutherUnavailableHandler> logger) : IExceptionHandler
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    public const string Title = "Sign-in is unavailable";

    public static string Detail => $"The identity provider is not answering. Try again in {RetryAfter.TotalSeconds:0} s.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsOutage(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        logger.LogWarning("Auther did not answer: {Error}", exception.Message);
        if (WantsPage(httpContext.Request))
        {
            await WritePageAsync(httpContext.Response, cancellationToken);
            return true;
        }

        await WebProblems.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, "auther_unavailable", Title, Detail, RetryAfter);
        return true;
    }

    private static bool WantsPage(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>Fixed text only (nothing from the request), so the page needs no encoding.</summary>
    private static Task WritePageAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{Title}</title><link rel="stylesheet" href="/app.css"></head>
            <body><main><h1 id="unavailable-title">{Title}</h1><p id="unavailable-detail">{Detail}</p>
            <p><a href="/">Back to the start page</a></p></main></body></html>
            """, cancellationToken);
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
