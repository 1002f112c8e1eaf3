using App.Api.Audit;
using App.Api.Auth;
using App.Api.Errors;
using App.Api.IdentityProvider;
using App.Api.ShadowUsers;
using App.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Features.Users;

/// <summary>
/// Deactivating a user is Auther's ban; the guard is unchanged (<c>user:deactivate</c>). The shadow-user store
/// marks the local row banned at once (with the audit row, in one transaction), so the user is cut off on every
/// instance within seconds without waiting for the webhook; Auther stays the source of truth and the poll, its
/// webhook or the reconciliation confirm it. This instance drops its cached copy on commit rather than when its
/// own notification comes back: the admin's or the user's next request may land here a moment later, and "at
/// once" must hold at least where the change was made.
/// </summary>
public static class UserAdminEndpoints
{
    public static RouteGroupBuilder MapUserAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users/{userId}").WithTags("Users");
        group.MapPost("/deactivate", Deactivate).RequireAuthorization(Policies.UserDeactivate).WithName("DeactivateUser")
            .WithSummary("Ban the user in Auther and cut them off on every instance at once; repeating it changes nothing.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/reactivate", Reactivate).RequireAuthorization(Policies.UserReactivate).WithName("ReactivateUser")
            .WithSummary("Lift the user's ban in Auther and here; repeating it changes nothing.")
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    public static async Task<Results<Ok<UserStatusResponse>, ValidationProblem, ProblemHttpResult>> Deactivate(
        string userId, DeactivateUserRequest? request, Principal principal, AutherClient auther, AppDbContext db, ShadowUserStore store,
        AuditTrail audit, ShadowUserCache users, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Validate(userId, request?.Reason) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (userId == principal.UserId)
        {
            return Problems.Conflict("cannot_deactivate_self", "You cannot deactivate yourself", "Ask another administrator.");
        }

        // Already deactivated here: answer as the first time did. Banning again would re-write Auther's ban and
        // leave a second audit row for a change that did not happen.
        var now = time.GetUtcNow();
        if (await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken) is { Banned: true } banned
            && (banned.BanExpires is null || banned.BanExpires > now))
        {
            return TypedResults.Ok(new UserStatusResponse(userId, true, banned.BanReason, banned.BanExpires));
        }

        var user = await auther.BanUserAsync(userId, request?.Reason, cancellationToken);
        await MarkAsync(db, users, userId, () => store.MarkDeactivatedAsync(user, request?.Reason ?? user.BanReason, user.BanExpires, cancellationToken),
            () => audit.Record(principal, "user.deactivated", $"user:{userId}", new { reason = request?.Reason }), cancellationToken);
        return TypedResults.Ok(new UserStatusResponse(userId, true, request?.Reason ?? user.BanReason, user.BanExpires));
    }

    public static async Task<Results<Ok<UserStatusResponse>, ValidationProblem>> Reactivate(
        string userId, Principal principal, AutherClient auther, AppDbContext db, ShadowUserStore store, AuditTrail audit,
        ShadowUserCache users, CancellationToken cancellationToken)
    {
        if (Validate(userId, null) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Already active here: answer as the first time did, without an unban or an audit row for a change that
        // did not happen. Only a row that says "not banned" counts: a lapsed ban still asks Auther to clear its flag.
        if (await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && !u.Banned, cancellationToken))
        {
            return TypedResults.Ok(new UserStatusResponse(userId, false, null, null));
        }

        var user = await auther.UnbanUserAsync(userId, cancellationToken);
        await MarkAsync(db, users, userId, () => store.MarkReactivatedAsync(user, cancellationToken),
            () => audit.Record(principal, "user.reactivated", $"user:{userId}"), cancellationToken);
        return TypedResults.Ok(new UserStatusResponse(userId, false, null, null));
    }

    /// <summary>The store's marking and its audit row commit together; then this instance forgets its cached copy.</summary>
    private static async Task MarkAsync(AppDbContext db, ShadowUserCache users, string userId, Func<Task> mark, Action recordAudit,
        CancellationToken cancellationToken)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await mark();
            recordAudit();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        users.Evict(userId);
    }

    private static Dictionary<string, string[]> Validate(string userId, string? reason)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(userId) || userId.Length > App.Data.Users.User.IdMaxLength)
        {
            errors["userId"] = [$"A user id of 1 to {App.Data.Users.User.IdMaxLength} characters."];
        }

        if (reason is { Length: > TextLimits.Description })
        {
            errors["reason"] = [$"At most {TextLimits.Description} characters."];
        }

        return errors;
    }
}

public sealed record DeactivateUserRequest(string? Reason);

public sealed record UserStatusResponse(string UserId, bool Banned, string? BanReason, DateTimeOffset? BanExpires);
