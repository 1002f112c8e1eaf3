using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace App.Api.Errors;

/// <summary>
/// The one way this app answers an error: a title a person reads, a detail that says what to do, and a
/// stable <c>code</c> a client can switch on. Handlers return <see cref="Result"/>; middleware and
/// event handlers that own the response call <see cref="WriteAsync"/>. Both go through
/// <see cref="IProblemDetailsService"/>, which adds <c>instance</c> and <c>traceId</c> (see
/// <see cref="ProblemDetailsSetup"/>).
/// </summary>
public static class Problems
{
    public static ProblemDetails Create(int status, string title, string? detail = null, string? code = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (code is not null)
        {
            problem.Extensions["code"] = code;
        }

        return problem;
    }

    public static ProblemHttpResult Result(int status, string code, string title, string? detail) =>
        TypedResults.Problem(Create(status, title, detail, code));

    public static ProblemHttpResult NotFound(string code, string title, string detail) =>
        Result(StatusCodes.Status404NotFound, code, title, detail);

    public static ProblemHttpResult Forbidden(string code, string title, string detail) =>
        Result(StatusCodes.Status403Forbidden, code, title, detail);

    public static ProblemHttpResult Conflict(string code, string title, string detail) =>
        Result(StatusCodes.Status409Conflict, code, title, detail);

    /// <summary>One field refused with one message, shaped like the framework's validation problems.</summary>
    public static HttpValidationProblemDetails InvalidField(string field, string message, string code) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Extensions = { ["code"] = code },
        };

    /// <summary>Writes <paramref name="problem"/> as the response, with <c>Retry-After</c> when given.</summary>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem, TimeSpan? retryAfter = null, Exception? exception = null)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (retryAfter is { } wait)
        {
            SetRetryAfter(context.Response, wait);
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    public static Task WriteAsync(HttpContext context, int status, string code, string title, string? detail, TimeSpan? retryAfter = null) =>
        WriteAsync(context, Create(status, title, detail, code), retryAfter);

    /// <summary>Whole seconds, at least one: a client told to retry in 0 seconds would hammer the server.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
