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
            .WithName("SignUp").ProducesValidationProblem()
            .WithSummary("Create an account in Auther (email, password, name); the app never stores the password.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static async Task<Created<SignUpResponse>> SignUp(SignUpRequest request, AutherClient auther, CancellationToken cancellationToken)
    {
        var user = await auther.SignUpAsync(request.Name!.Trim(), request.Email!.Trim(), request.Password!, cancellationToken);
        return TypedResults.Created($"/api/users/{user.Id}", new SignUpResponse(user.Id, user.Email, user.Name));
    }
}

/// <summary>Checked by its attributes before the handler runs; the address's shape is checked here once they pass.</summary>
public sealed record SignUpRequest(
    [property: Required, StringLength(TextLimits.Email), EmailAddress] string? Email,
    [property: Required(AllowEmptyStrings = true), StringLength(128, MinimumLength = 8, ErrorMessage = "The password must be 8 to 128 characters long.")]
    string? Password,
    [property: Required, StringLength(TextLimits.PersonName)] string? Name) : IValidatableObject
{
    /// <summary>
    /// Stricter than <c>[EmailAddress]</c> (one '@', not at either end): an address .NET can parse as exactly what
    /// was sent, with a dot in its domain, as Auther's own check wants.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var email = Email!.Trim();
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            yield return new ValidationResult("A valid email address is required.", [nameof(Email)]);
        }
    }

    /// <summary>Never let the password reach a log through a record's generated ToString.</summary>
    public override string ToString() => $"SignUpRequest {{ Email = {Email}, Name = {Name} }}";
}

public sealed record SignUpResponse(string UserId, string? Email, string? Name);
