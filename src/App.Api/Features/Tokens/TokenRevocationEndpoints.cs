using App.Api.Audit;
using App.Api.Auth;
using App.Api.ShadowUsers;
using App.Data;
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
        group.MapPost("/revoke", Revoke).WithName("RevokeTokens")
            .WithSummary("Revoke one token (`jti`) or every token of a user issued before an instant (`userId`, `issuedBefore`).");
        return group;
    }

    public static async Task<Results<Ok<RevokeTokensResponse>, ValidationProblem>> Revoke(
        RevokeTokensRequest request, Principal principal, AppDbContext db, ShadowUserStore store, AuditTrail audit,
        IOptions<AuthOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (request.Validate(now) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

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

/// <summary>Either <c>jti</c> (optionally with the token's <c>expiresAt</c>) or <c>userId</c> (optionally with <c>issuedBefore</c>, default now).</summary>
public sealed record RevokeTokensRequest(string? Jti, string? UserId, DateTimeOffset? IssuedBefore, DateTimeOffset? ExpiresAt)
{
    public Dictionary<string, string[]> Validate(DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Jti) == string.IsNullOrWhiteSpace(UserId) || (Jti is not null && IssuedBefore is not null))
        {
            errors["request"] = ["Give either 'jti' (one token) or 'userId' with an optional 'issuedBefore' (all of a user's tokens)."];
        }

        if (Jti is { Length: > TextLimits.Identifier })
        {
            errors["jti"] = [$"At most {TextLimits.Identifier} characters."];
        }

        if (UserId is { Length: > App.Data.Users.User.IdMaxLength })
        {
            errors["userId"] = [$"At most {App.Data.Users.User.IdMaxLength} characters."];
        }

        if (IssuedBefore > now + TimeSpan.FromMinutes(1))
        {
            errors["issuedBefore"] = ["Must not be in the future."];
        }

        if (ExpiresAt is { } expires && expires <= now)
        {
            errors["expiresAt"] = ["An already expired token needs no revocation."];
        }

        return errors;
    }
}

public sealed record RevokeTokensResponse(string? Jti, string? UserId, DateTimeOffset? IssuedBefore, DateTimeOffset? ExpiresAt);
