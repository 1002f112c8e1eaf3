using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;

namespace Auther.Dev.Sessions;

/// <summary><c>POST /api/auth/dev/sign-in</c>: a user "logs in" from a device, with the events that follow.</summary>
internal static class DevSignInEndpoints
{
    public static void MapDevSignIn(this RouteGroupBuilder dev) => dev.MapPost("/sign-in", SignIn);

    private static async Task<IResult> SignIn(HttpRequest request, AutherDevCore core)
    {
        var (body, error) = await JsonBody.ReadAsync<SignInBody>(request);
        if (body?.UserId is null)
        {
            return ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error ?? "userId is required");
        }

        var userAgent = body.UserAgent ?? request.Headers.UserAgent.ToString();
        var ipAddress = body.IpAddress ?? request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        var result = core.SignIns.SignIn(body.UserId, userAgent, ipAddress);
        return Results.Json(result, AutherJson.Options);
    }

    private sealed record SignInBody(string? UserId, string? UserAgent, string? IpAddress);
}
