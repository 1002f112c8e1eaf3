using App.Api.Errors;
using App.Data;

namespace App.Api.StorableText;

/// <summary>
/// Route values and query strings of every endpoint are checked once here, before anything reads the
/// database: text PostgreSQL cannot store and values longer than any column they could be compared
/// with are refused with 400 and a field error. JSON bodies get the same rule from
/// <see cref="StorableStringConverter"/>.
/// </summary>
public sealed class InputTextMiddleware(RequestDelegate next)
{
    /// <summary>Route values are ids and slugs.</summary>
    public const int MaxRouteValueLength = TextLimits.Identifier;

    public const int MaxQueryValueLength = TextLimits.Subject;

    public Task InvokeAsync(HttpContext context) =>
        FirstProblem(context) is { } error
            ? Problems.WriteAsync(context, Problems.InvalidField(error.Field, error.Message, "invalid_text"))
            : next(context);

    private static (string Field, string Message)? FirstProblem(HttpContext context)
    {
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && Check(text, MaxRouteValueLength) is { } problem)
            {
                return (name, problem);
            }
        }

        // Without a query string there is nothing to parse (reading Query would build an empty collection).
        if (!context.Request.QueryString.HasValue)
        {
            return null;
        }

        foreach (var (name, values) in context.Request.Query)
        {
            if (Check(name, MaxQueryValueLength) is { } badName)
            {
                return ("query", badName);
            }

            foreach (var value in values)
            {
                if (value is not null && Check(value, MaxQueryValueLength) is { } problem)
                {
                    return (name, problem);
                }
            }
        }

        return null;
    }

    private static string? Check(string value, int maxLength) =>
        InputText.Problem(value) ?? (value.Length > maxLength ? $"At most {maxLength} characters." : null);
}
