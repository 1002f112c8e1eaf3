using System.Diagnostics;

namespace App.Api.Logging;

/// <summary>
/// One completion line per request: method, path (never the query string, which may carry secrets),
/// status and elapsed milliseconds. Server errors log as errors so they stand out.
/// </summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var status = context.Response.StatusCode;
            var level = status >= 500 ? LogLevel.Error : LogLevel.Information;
            if (logger.IsEnabled(level))
            {
                logger.Log(level, "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms",
                    context.Request.Method, context.Request.Path.Value, status, elapsed);
            }
        }
    }
}
