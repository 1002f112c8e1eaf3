using System.ComponentModel.DataAnnotations;
using App.Api.Audit;
using App.Api.Auth;
using App.Api.ShadowUsers;
using App.Data;
using App.Data.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace App.Api.Features.Tokens;

/// <summary>
/// Immediate cut-off for tokens that would otherwise live until their exp: one token by jti, or every token
/// of a user issued before an instant. Every instance refuses them within seconds (LISTEN/NOTIFY).
/// </summary>
public static class TokenRevocationEndpoints
{
    public static RouteGroupBuilder MapTokenRevocation(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/tokens").WithTags("Admin").RequireAuthorization(Policies.TokenRevoke);
        group.MapPost("/revoke", Revoke).WithName("RevokeTokens").ProducesValidationProblem()
            .WithSummary("Revoke one token (`jti`) or every token of a user issued before an instant (`userId`, `issuedBefore`).");
        return group;
    }

    public static async Task<Ok<RevokeTokensResponse>> Revoke(
        RevokeTokensRequest request, Principal principal, AppDbContext db, ShadowUserStore store, AuditTrail audit,
        IOptions<AuthOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        RevokeTokensResponse response;
        if (request.Jti is { } jti)
        {
            var requested = request.ExpiresAt ?? now + options.Value.MaxTokenLifetime;
            // Revoked again with an earlier time: the later one stands, and is what the instances and the caller hear.
            var expiresAt = await store.RevokeTokenAsync(jti, request.UserId, requested, cancellationToken);
            audit.Record(principal, "token.revoked", $"jti:{jti}", new { expiresAt });
            response = new RevokeTokensResponse(jti, null, null, expiresAt);
        }
        else
        {
            var userId = request.UserId!;
            var before = request.IssuedBefore ?? now;
            await store.RevokeTokensIssuedBeforeAsync(userId, before, cancellationToken);
            audit.Record(principal, "tokens.revoked_for_user", $"user:{userId}", new { issuedBefore = before });
            response = new RevokeTokensResponse(null, userId, before, null);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(response);
    }
}

/// <summary>
/// Either <c>jti</c> (optionally with the token's <c>expiresAt</c>) or <c>userId</c> (optionally with <c>issuedBefore</c>,
/// default now). Lengths are checked by the attributes; the combination and the times here, once they pass.
/// </summary>
public sealed record RevokeTokensRequest(
    [property: StringLength(TextLimits.Identifier)] string? Jti,
    [property: StringLength(User.IdMaxLength)] string? UserId,
    DateTimeOffset? IssuedBefore,
    DateTimeOffset? ExpiresAt) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var now = validationContext.GetRequiredService<TimeProvider>().GetUtcNow();
        // Exactly one of the two, and not blank: a blank jti beside a userId would otherwise revoke the token "  "
        // (the handler acts on whichever is present) while the caller meant the user's tokens.
        // Stryker disable once NullCoalescing: past the first test exactly one is non-null, so either order picks it.
        var oneGiven = (Jti is null) != (UserId is null) && !string.IsNullOrWhiteSpace(Jti ?? UserId);
        if (!oneGiven || (Jti is not null && IssuedBefore is not null))
        {
            yield return new ValidationResult(
                "Give either 'jti' (one token) or 'userId' with an optional 'issuedBefore' (all of a user's tokens).", ["request"]);
        }

        if (IssuedBefore > now + TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Must not be in the future.", [nameof(IssuedBefore)]);
        }

        if (ExpiresAt is { } expires && expires <= now)
        {
            yield return new ValidationResult("An already expired token needs no revocation.", [nameof(ExpiresAt)]);
        }
    }
}

public sealed record RevokeTokensResponse(string? Jti, string? UserId, DateTimeOffset? IssuedBefore, DateTimeOffset? ExpiresAt);
