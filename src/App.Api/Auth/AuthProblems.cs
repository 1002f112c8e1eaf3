using App.Api.Auth.Jwt;
using App.Api.Errors;

namespace App.Api.Auth;

/// <summary>The authentication answers, as ProblemDetails with the RFC 6750 challenge header.</summary>
public static class AuthProblems
{
    public static Task WriteUnauthorizedAsync(HttpContext context, TokenRejection? rejection)
    {
        context.Response.Headers.WWWAuthenticate = rejection is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{rejection.Description}\"";
        return Problems.WriteAsync(context, Problems.Create(StatusCodes.Status401Unauthorized,
            rejection is null ? "Authentication required" : "Invalid token",
            rejection?.Description ?? "Send an Auther access token as 'Authorization: Bearer <token>'.",
            rejection?.Reason));
    }

    public static Task WriteKeysUnavailableAsync(HttpContext context, TimeSpan retryAfter) =>
        Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "keys_unavailable",
            "Token verification is temporarily unavailable",
            "The identity provider's signing keys could not be loaded yet. Retry shortly; your token is not at fault.", retryAfter);

    public static Task WriteForbiddenAsync(HttpContext context, string code, string title, string detail,
        params (string Name, object? Value)[] extensions)
    {
        var problem = Problems.Create(StatusCodes.Status403Forbidden, title, detail, code);
        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }

        return Problems.WriteAsync(context, problem);
    }
}
