using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Api.Features;

/// <summary>
/// The expected failures handlers return (never throw): a title a person reads, a detail that says what to
/// do, and a stable <c>code</c> a client can switch on.
/// </summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string code, string title, string detail) =>
        Problem(StatusCodes.Status404NotFound, code, title, detail);

    public static ProblemHttpResult Forbidden(string code, string title, string detail) =>
        Problem(StatusCodes.Status403Forbidden, code, title, detail);

    public static ProblemHttpResult Conflict(string code, string title, string detail) =>
        Problem(StatusCodes.Status409Conflict, code, title, detail);

    private static ProblemHttpResult Problem(int status, string code, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["code"] = code });
}
