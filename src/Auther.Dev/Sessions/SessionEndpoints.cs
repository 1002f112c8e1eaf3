using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Users;

namespace Auther.Dev.Sessions;

/// <summary>
/// The browser-facing session routes of better-auth: email sign-in (sets the signed cookie), get-session (with
/// the jwt plugin's <c>set-auth-jwt</c> header), sign-out and change-password (both end sessions).
/// </summary>
internal static class SessionEndpoints
{
    public static void MapSessions(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").AddEndpointFilter(new ErrorShapeFilter(ErrorShape.BetterAuth));
        auth.MapPost("/sign-in/email", SignIn).AddEndpointFilter<OriginCheckFilter>();
        auth.MapGet("/get-session", GetSession);
        auth.MapPost("/sign-out", SignOut).AddEndpointFilter<OriginCheckFilter>();
        auth.MapPost("/change-password", ChangePassword).AddEndpointFilter<OriginCheckFilter>();
    }

    private static async Task<IResult> SignIn(HttpContext http, AutherDevCore core)
    {
        var (body, error) = await JsonBody.ReadAsync<SignInBody>(http.Request);
        if (body?.Email is null || body.Password is null)
        {
            return ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error ?? "email and password are required");
        }

        var session = core.SignIns.SignInWithPassword(body.Email, body.Password, UserAgent(http), IpAddress(http));
        http.Response.Headers.Append("Set-Cookie", SessionCookie.SetCookie(session.SignedCookie, core.Options.SessionLifetime));
        return Results.Json(new { redirect = false, token = session.Token, url = (string?)null, user = core.Users.Find(session.UserId) }, AutherJson.Options);
    }

    private static IResult GetSession(HttpContext http, AutherDevCore core)
    {
        if (SessionCookie.Token(http.Request, core.Options.Secret) is not { } token || core.Sessions.Use(token) is not var (session, user))
        {
            return Results.Content("null", "application/json");
        }

        http.Response.Headers["set-auth-jwt"] = core.SessionJwts.For(user);
        return Results.Json(new { session, user }, AutherJson.Options);
    }

    private static IResult SignOut(HttpContext http, AutherDevCore core)
    {
        if (SessionCookie.Token(http.Request, core.Options.Secret) is not { } token || !core.Sessions.End(token))
        {
            return ErrorResults.BetterAuth(400, "FAILED_TO_GET_SESSION", "Failed to get session");
        }

        http.Response.Headers.Append("Set-Cookie", SessionCookie.Expired());
        return Results.Json(new { success = true }, AutherJson.Options);
    }

    private static async Task<IResult> ChangePassword(HttpContext http, AutherDevCore core)
    {
        if (SessionCookie.Token(http.Request, core.Options.Secret) is not { } token || core.Sessions.Use(token) is not var (_, user))
        {
            return ErrorResults.BetterAuth(401, "UNAUTHORIZED", "Unauthorized");
        }

        var (body, error) = await JsonBody.ReadAsync<ChangePasswordBody>(http.Request);
        if (body?.CurrentPassword is null || body.NewPassword is null)
        {
            return ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error ?? "currentPassword and newPassword are required");
        }

        if (core.Users.FindByPassword(user.Email, body.CurrentPassword) is null)
        {
            return ErrorResults.BetterAuth(400, "INVALID_PASSWORD", "Invalid password");
        }

        if (PasswordHasher.Refusal(body.NewPassword) is { } refusal)
        {
            return ErrorResults.BetterAuth(refusal.Status, refusal.Code, refusal.Message);
        }

        // Every session ends (the caller's too); the caller gets a fresh one, as with revokeOtherSessions.
        core.Users.SetPassword(user.Id, body.NewPassword);
        var fresh = core.Sessions.ToPublic(core.Sessions.Start(user, UserAgent(http), IpAddress(http)).Session);
        http.Response.Headers.Append("Set-Cookie", SessionCookie.SetCookie(fresh.SignedCookie, core.Options.SessionLifetime));
        return Results.Json(new { token = fresh.Token, user }, AutherJson.Options);
    }

    private static string UserAgent(HttpContext http) => http.Request.Headers.UserAgent.ToString();

    private static string IpAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";

    private sealed record SignInBody(string? Email, string? Password, bool? RememberMe);

    private sealed record ChangePasswordBody(string? CurrentPassword, string? NewPassword, bool? RevokeOtherSessions);
}
