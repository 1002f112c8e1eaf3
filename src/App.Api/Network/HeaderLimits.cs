using App.Api.Errors;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace App.Api.Network;

/// <summary>
/// Oversized request headers are refused by the app, not by Kestrel: Kestrel's own 431 has an empty body,
/// while every error here is problem+json. Kestrel's limits are set to a hard ceiling above the app's
/// (so memory per request stays bounded), and <see cref="RefuseOversizedHeaders"/>, early in the pipeline,
/// enforces the app's limits with a 431 problem. Only a request past the ceiling still gets Kestrel's
/// empty 431.
/// </summary>
public static class HeaderLimits
{
    /// <summary>Kestrel's default total; the app answers past it.</summary>
    public const int MaxTotalSize = 32 * 1024;

    /// <summary>Kestrel's default count; the app answers past it.</summary>
    public const int MaxCount = 100;

    /// <summary>Where Kestrel stops reading and answers its own empty 431.</summary>
    public const int CeilingTotalSize = 2 * MaxTotalSize;

    public const int CeilingCount = 2 * MaxCount;

    public static IWebHostBuilder ConfigureHeaderCeiling(this IWebHostBuilder webHost) =>
        webHost.ConfigureKestrel(options => ApplyCeiling(options.Limits));

    public static void ApplyCeiling(KestrelServerLimits limits)
    {
        limits.MaxRequestHeadersTotalSize = CeilingTotalSize;
        limits.MaxRequestHeaderCount = CeilingCount;
    }

    public static IApplicationBuilder UseHeaderLimits(this IApplicationBuilder app) => app.Use(RefuseOversizedHeaders);

    private static Task RefuseOversizedHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Request.Headers;
        if (headers.Count > MaxCount)
        {
            return Refuse(context, $"This request has {headers.Count} header fields; at most {MaxCount} are accepted.");
        }

        if (TotalSize(headers) is var size && size > MaxTotalSize)
        {
            return Refuse(context, $"This request's header fields take {size} bytes; at most {MaxTotalSize} are accepted.");
        }

        return next(context);
    }

    /// <summary>Counted as on the wire (name, ": ", value, CRLF), as Kestrel counts it.</summary>
    private static long TotalSize(IHeaderDictionary headers)
    {
        long size = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                size += name.Length + 4 + (value?.Length ?? 0);
            }
        }

        return size;
    }

    private static Task Refuse(HttpContext context, string detail)
    {
        // The client sent more than the app reads; closing avoids reading another such request on this connection.
        context.Response.Headers.Connection = "close";
        return Problems.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "request_headers_too_large",
            "Request header fields too large", detail + " Send fewer or smaller headers (large cookies are the usual cause).");
    }
}
