using App.Api.Errors;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace App.Api.StorableText;

/// <summary>
/// JSON is UTF-8 (RFC 8259). A JSON body declaring any other charset is refused with a 415 problem before a
/// handler reads it, and every spelling of UTF-8 (<c>utf-8</c>, <c>"utf-8"</c>, <c>UTF8</c>) is rewritten to the
/// plain one: the framework's reader would otherwise look the quoted or unknown name up as an encoding and
/// throw, which answered 500.
/// </summary>
public static class JsonCharset
{
    /// <summary>Whether <paramref name="charset"/> (as sent, maybe quoted) names UTF-8; no charset at all counts as UTF-8.</summary>
    public static bool IsUtf8(StringSegment charset)
    {
        if (!charset.HasValue)
        {
            return true;
        }

        var name = HeaderUtilities.RemoveQuotes(charset).Trim();
        return name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    public static IApplicationBuilder UseJsonCharsetRule(this IApplicationBuilder app) => app.Use(CheckAsync);

    private static Task CheckAsync(HttpContext context, RequestDelegate next)
    {
        var header = context.Request.ContentType;
        if (string.IsNullOrEmpty(header) || !MediaTypeHeaderValue.TryParse(header, out var mediaType) || !IsJson(mediaType))
        {
            return next(context);
        }

        var charset = mediaType.Parameters.FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase));
        if (charset is null)
        {
            return next(context);
        }

        if (!IsUtf8(charset.Value.HasValue ? charset.Value : StringSegment.Empty))
        {
            return Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_charset", "Unsupported charset",
                $"JSON bodies must be UTF-8; this request declares charset '{charset.Value}'. Send 'Content-Type: application/json' or 'application/json; charset=utf-8'.");
        }

        mediaType.Charset = "utf-8";
        context.Request.ContentType = mediaType.ToString();
        return next(context);
    }

    private static bool IsJson(MediaTypeHeaderValue mediaType) =>
        mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
}
