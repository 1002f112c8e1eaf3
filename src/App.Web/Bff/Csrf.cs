using App.Web.Errors;

namespace App.Web.Bff;

/// <summary>
/// The BFF's CSRF defence: state-changing calls carry the custom header <c>X-CSRF: 1</c>. A cross-site form or
/// link cannot add a header, and a cross-site script that could would first need a CORS preflight this app never
/// grants. The cookie's SameSite=Lax is the second line.
/// </summary>
public static class Csrf
{
    public const string HeaderName = "X-CSRF";

    public static bool HasHeader(HttpRequest request) => request.Headers[HeaderName] == "1";

    public static Task RefuseAsync(HttpContext context) =>
        WebProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "csrf_header_missing", "Missing anti-forgery header",
            $"Send the header '{HeaderName}: 1' with this request (the page's own calls do).");

    /// <summary>The same check as an endpoint filter, for the BFF's own routes.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!HasHeader(context.HttpContext.Request))
        {
            await RefuseAsync(context.HttpContext);
            return Results.Empty;
        }

        return await next(context);
    }
}
