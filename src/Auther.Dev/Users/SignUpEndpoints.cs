using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Shared;

namespace Auther.Dev.Users;

/// <summary>
/// <c>POST /api/auth/sign-up/email</c> for trusted backends holding the internal sign-up secret. The password is
/// checked for length (8-128) and kept as a salted hash, so the user can sign in with it.
/// </summary>
internal static class SignUpEndpoints
{
    public static void MapSignUp(this IEndpointRouteBuilder app) => app.MapPost("/api/auth/sign-up/email", SignUp);

    private static async Task<IResult> SignUp(HttpRequest request, AutherDevCore core)
    {
        if (!Secrets.Match(request.Headers["x-internal-signup-secret"].ToString(), core.Options.SignupSecret))
        {
            // Deployed Auther's hook throws a plain Error here, which better-auth answers as a bare 500.
            return core.Server.Mode == AutherMode.Deployed
                ? Results.StatusCode(StatusCodes.Status500InternalServerError)
                : ErrorResults.BetterAuth(403, "FORBIDDEN", "Invalid or missing internal sign-up secret");
        }

        var (body, error) = await JsonBody.ReadAsync<SignUpBody>(request);
        if (body is null || body.Name is null || body.Email is null || body.Password is null)
        {
            return ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error ?? "name, email and password are required");
        }

        if (!UserService.IsValidEmail(body.Email))
        {
            return ErrorResults.BetterAuth(400, "INVALID_EMAIL", "Invalid email");
        }

        if (PasswordHasher.Refusal(body.Password) is { } refusal)
        {
            return ErrorResults.BetterAuth(refusal.Status, refusal.Code, refusal.Message);
        }

        try
        {
            var user = core.Users.Create(body.Email, body.Name, image: body.Image, password: body.Password);
            return Results.Json(new { token = (string?)null, user }, AutherJson.Options);
        }
        catch (AutherDevException ex) when (ex.Code == "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL")
        {
            // Sign-up reports the duplicate as 422; admin create-user as 400.
            return ErrorResults.BetterAuth(422, ex.Code, ex.Message);
        }
    }

    private sealed record SignUpBody(string? Name, string? Email, string? Password, string? Image);
}
