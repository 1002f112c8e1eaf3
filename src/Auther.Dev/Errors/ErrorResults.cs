using Auther.Dev.Json;

namespace Auther.Dev.Errors;

/// <summary>Auther's two error bodies (docs/auther-contract.md, Calls the app makes): better-auth routes and Auther's own routes differ.</summary>
internal static class ErrorResults
{
    /// <summary>better-auth routes: <c>{"code":"UPPER_SNAKE","message":"…"}</c>.</summary>
    public static IResult BetterAuth(int status, string code, string message) =>
        Results.Json(new { code, message }, AutherJson.Options, statusCode: status);

    /// <summary>Auther's own routes (check-permission, api-key exchange): <c>{"error":"snake_code","message":"…"}</c>.</summary>
    public static IResult Auther(int status, string error, string message) =>
        Results.Json(new { error, message }, AutherJson.Options, statusCode: status);
}
