using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace App.Web.Errors;

/// <summary>Every error the web app answers itself, as application/problem+json with a <c>code</c> the page can act on.</summary>
public static class WebProblems
{
    public static ProblemDetails Create(int status, string code, string title, string detail) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    public static IResult Result(int status, string code, string title, string detail) =>
        TypedResults.Problem(Create(status, code, title, detail));

    public static async Task WriteAsync(HttpContext context, int status, string code, string title, string detail, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = Create(status, code, title, detail),
        });
    }

    public static Task SignedOutAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, "signed_out", "Signed out", "You are signed out: sign in again.");
}
