using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Errors;

/// <summary>The one place exceptions become ProblemDetails. A 500 here means a bug, never a client's mistake.</summary>
public sealed class GlobalExceptionHandler(IProblemDetailsService problemDetails, ILogger<GlobalExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var problem = Map(exception);
        if (problem.Status >= 500 && exception is not ProblemException)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        if (exception is ProblemException { RetryAfter: { } retryAfter })
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Map(Exception exception) => exception switch
    {
        ProblemException p => WithCode(new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Detail }, p.Code),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "Request body too large",
        },
        BadHttpRequestException bad when bad.InnerException is JsonException json => new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed JSON body",
            Detail = json.Path is { Length: > 1 } path ? $"The request body is not valid JSON near '{path}'." : "The request body is not valid JSON.",
        },
        BadHttpRequestException bad => new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = "Bad request",
            Detail = bad.Message,
        },
        JsonException => new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed JSON body",
            Detail = "The request body is not valid JSON.",
        },
        DbUpdateConcurrencyException => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The resource was changed by someone else",
            Detail = "Reload it and try again.",
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred",
        },
    };

    private static ProblemDetails WithCode(ProblemDetails problem, string? code)
    {
        if (code is not null)
        {
            problem.Extensions["code"] = code;
        }

        return problem;
    }
}
