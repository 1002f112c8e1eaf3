using App.Api.Auth;
using App.Api.Auth.ShadowUsers;
using App.Api.IdentityProvider;
using App.Api.Errors;
using App.Api.Features.AuditLogs;
using App.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Features.Users;

/// <summary>
/// Deactivating a user is Auther's ban; the guard is unchanged (<c>user:deactivate</c>). The local row is
/// marked banned at once so the user is cut off on every instance within seconds, without waiting for the
/// webhook; Auther stays the source of truth and its webhook or the reconciliation confirm it.
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
        string userId, DeactivateUserRequest? request, Principal principal, AutherClient auther, AppDbContext db, AuditTrail audit,
        ShadowUserCache users, TimeProvider time, CancellationToken cancellationToken)
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
        await ApplyLocallyAsync(db, users, user, banned: true, request?.Reason ?? user.BanReason, user.BanExpires, now, cancellationToken,
            () => audit.Record(principal, "user.deactivated", $"user:{userId}", new { reason = request?.Reason }));
        return TypedResults.Ok(new UserStatusResponse(userId, true, request?.Reason ?? user.BanReason, user.BanExpires));
    }

    public static async Task<Results<Ok<UserStatusResponse>, ValidationProblem>> Reactivate(
        string userId, Principal principal, AutherClient auther, AppDbContext db, AuditTrail audit, ShadowUserCache users,
        TimeProvider time, CancellationToken cancellationToken)
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
        await ApplyLocallyAsync(db, users, user, banned: false, null, null, time.GetUtcNow(), cancellationToken,
            () => audit.Record(principal, "user.reactivated", $"user:{userId}"));
        return TypedResults.Ok(new UserStatusResponse(userId, false, null, null));
    }

    /// <summary>
    /// Upserts the shadow row's ban state and moves last_event_at to now, so a webhook created before this
    /// change (and delivered late) cannot undo it; NOTIFY makes every instance drop its cached copy.
    /// </summary>
    private static async Task ApplyLocallyAsync(AppDbContext db, ShadowUserCache users, AutherUser user, bool banned, string? reason, DateTimeOffset? until,
        DateTimeOffset now, CancellationToken cancellationToken, Action recordAudit)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO users (id, email, name, image, email_verified, role, banned, ban_reason, ban_expires, created_at, updated_at, last_event_at)
            VALUES ({user.Id}, {user.Email}, {user.Name}, {user.Image}, {user.EmailVerified}, {user.Role}, {banned}, {reason}, {until}, {now}, {now}, {now})
            ON CONFLICT (id) DO UPDATE
            SET banned = EXCLUDED.banned, ban_reason = EXCLUDED.ban_reason, ban_expires = EXCLUDED.ban_expires,
                updated_at = EXCLUDED.updated_at, last_event_at = GREATEST(users.last_event_at, EXCLUDED.last_event_at)
            """, cancellationToken);
        await db.NotifyAsync(CacheChannel.UserChanged(user.Id), cancellationToken);
        recordAudit();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // This instance drops its copy now rather than when its own NOTIFY comes back: the admin's or the user's
        // next request may land here a moment later, and "at once" must hold at least where the change was made.
        users.Evict(user.Id);
    }

    private static Dictionary<string, string[]> Validate(string userId, string? reason)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(userId) || userId.Length > App.Data.Users.User.IdMaxLength)
        {
            errors["userId"] = ["A user id of 1 to 255 characters."];
        }

        if (reason is { Length: > 500 })
        {
            errors["reason"] = ["At most 500 characters."];
        }

        return errors;
    }
}

public sealed record DeactivateUserRequest(string? Reason);

public sealed record UserStatusResponse(string UserId, bool Banned, string? BanReason, DateTimeOffset? BanExpires);
