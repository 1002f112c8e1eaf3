using System.Text.Json;
using App.Api.Database;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Errors;

/// <summary>
/// The one place exceptions become ProblemDetails. A 500 here means a bug: never a client's mistake
/// (400) nor a dependency's outage (503 with Retry-After, logged once per outage by <see cref="DatabaseOutage"/>).
/// </summary>
public sealed class GlobalExceptionHandler(IProblemDetailsService problemDetails, DatabaseOutage outage, ILogger<GlobalExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (IsClientAbort(httpContext, exception))
        {
            // The client went away; there is nobody to answer, and nothing of ours failed.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var (problem, retryAfter) = Map(exception);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable && exception is not ProblemException)
        {
            // When the request started: a request older than the database's recovery is a leftover of that outage.
            var started = httpContext.Features.Get<IHttpActivityFeature>()?.Activity.StartTimeUtc is { } utc
                ? new DateTimeOffset(utc, TimeSpan.Zero)
                : DateTimeOffset.MaxValue;
            outage.Report(exception, started);
        }
        else if (problem.Status >= 500 && exception is not ProblemException)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (retryAfter is { } wait)
        {
            Problems.SetRetryAfter(httpContext.Response, wait);
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>
    /// A cancelled or failed read or write on a connection the client closed or reset: Kestrel reports a reset
    /// as <see cref="ConnectionResetException"/> (holding the SocketException), sometimes before it cancels
    /// <see cref="HttpContext.RequestAborted"/>.
    /// </summary>
    public static bool IsClientAbort(HttpContext context, Exception exception) =>
        (exception is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        || exception is ConnectionResetException || exception.InnerException is ConnectionResetException;

    private static (ProblemDetails Problem, TimeSpan? RetryAfter) Map(Exception exception) => exception switch
    {
        ProblemException p => (Problems.Create(p.Status, p.Title, p.Detail, p.Code), p.RetryAfter),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request body too large"), null),
        BadHttpRequestException { InnerException: UnstorableTextException text } => (Problems.InvalidField(text.Field, text.Message, "invalid_text"), null),
        BadHttpRequestException { InnerException: JsonException json } => (Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON body",
            json.Path is { Length: > 1 } path ? $"The request body is not valid JSON near '{path}'." : "The request body is not valid JSON."), null),
        BadHttpRequestException bad => (Problems.Create(bad.StatusCode, "Bad request", bad.Message), null),
        UnstorableTextException text => (Problems.InvalidField(text.Field, text.Message, "invalid_text"), null),
        JsonException => (Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON body", "The request body is not valid JSON."), null),
        DbUpdateConcurrencyException => (Problems.Create(StatusCodes.Status409Conflict, "The resource was changed by someone else",
            "Reload it and try again."), null),
        _ when DatabaseFaults.IsUnavailable(exception) => (Problems.Create(StatusCodes.Status503ServiceUnavailable,
            "The database is unavailable", "The service cannot reach its database right now. Retry shortly; your request was not applied.",
            "database_unavailable"), DatabaseOutage.RetryAfter),
        // The edge checks refuse such input with a field error first; this is the safety net for a path they missed.
        _ when DatabaseFaults.IsUnstorableValue(exception) => (Problems.Create(StatusCodes.Status400BadRequest, "Value cannot be stored",
            "A value in the request is too long, out of range or contains characters that cannot be stored.", "value_not_storable"), null),
        _ => (Problems.Create(StatusCodes.Status500InternalServerError, "An unexpected error occurred"), null),
    };
}
