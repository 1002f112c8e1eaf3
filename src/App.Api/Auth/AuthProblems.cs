using App.Api.Auth.Jwt;
using Microsoft.AspNetCore.Mvc;

namespace App.Api.Auth;

/// <summary>The authentication answers, as ProblemDetails with the RFC 6750 challenge header.</summary>
public static class AuthProblems
{
    public static Task WriteUnauthorizedAsync(HttpContext context, TokenRejection? rejection)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = rejection is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{rejection.Description}\"";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = rejection is null ? "Authentication required" : "Invalid token",
            Detail = rejection?.Description ?? "Send an Auther access token as 'Authorization: Bearer <token>'.",
        };
        if (rejection is not null)
        {
            problem.Extensions["code"] = rejection.Reason;
        }

        return WriteAsync(context, problem);
    }

    public static Task WriteKeysUnavailableAsync(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Token verification is temporarily unavailable",
            Detail = "The identity provider's signing keys could not be loaded yet. Retry shortly; your token is not at fault.",
            Extensions = { ["code"] = "keys_unavailable" },
        });
    }

    public static Task WriteForbiddenAsync(HttpContext context, string code, string title, string detail,
        params (string Name, object? Value)[] extensions)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = title,
            Detail = detail,
            Extensions = { ["code"] = code },
        };
        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }

        return WriteAsync(context, problem);
    }

    private static Task WriteAsync(HttpContext context, ProblemDetails problem) =>
        context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
}
