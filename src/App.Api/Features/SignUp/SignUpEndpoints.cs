using System.ComponentModel.DataAnnotations;
using System.Net.Mail;
using App.Api.IdentityProvider;
using App.Api.Network;
using App.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Api.Features.SignUp;

/// <summary>
/// Sign-up for trusted clients (e.g. the mobile app's onboarding): validated here, then proxied to Auther
/// with the internal sign-up secret, which never leaves the server. The shadow row follows from the
/// user.created webhook or from JIT on the first request, whichever comes first.
/// </summary>
public static class SignUpEndpoints
{
    public static RouteHandlerBuilder MapSignUp(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/auth/sign-up", SignUp)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.PerIp)
            .WithTags("Auth")
            .WithName("SignUp")
            .WithSummary("Create an account in Auther (email, password, name); the app never stores the password.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static async Task<Results<Created<SignUpResponse>, ValidationProblem>> SignUp(
        SignUpRequest request, AutherClient auther, CancellationToken cancellationToken)
    {
        if (request.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var user = await auther.SignUpAsync(request.Name!.Trim(), request.Email!.Trim(), request.Password!, cancellationToken);
        return TypedResults.Created($"/api/users/{user.Id}", new SignUpResponse(user.Id, user.Email, user.Name));
    }
}

public sealed record SignUpRequest([property: Required] string? Email, [property: Required] string? Password, [property: Required] string? Name)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Email) || Email.Length > TextLimits.Email || !MailAddress.TryCreate(Email.Trim(), out var address) ||
            address.Address != Email.Trim() || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            errors["email"] = ["A valid email address is required."];
        }

        if (Password is null || Password.Length < 8 || Password.Length > 128)
        {
            errors["password"] = ["The password must be 8 to 128 characters long."];
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > TextLimits.PersonName)
        {
            errors["name"] = [$"A name of 1 to {TextLimits.PersonName} characters is required."];
        }

        return errors;
    }

    /// <summary>Never let the password reach a log through a record's generated ToString.</summary>
    public override string ToString() => $"SignUpRequest {{ Email = {Email}, Name = {Name} }}";
}

public sealed record SignUpResponse(string UserId, string? Email, string? Name);
