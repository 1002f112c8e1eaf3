using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using App.Api.Auth;
using App.Api.Errors;
using App.Api.Paging;
using App.Data;
using App.Data.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Features.Users;

/// <summary>
/// The users this app knows (its shadow rows), for the admin area: searched by email or name, filtered by status,
/// paged. <c>user:read</c> (admins by default). The rows mirror Auther; Auther stays the source of truth.
/// </summary>
public static class UserQueryEndpoints
{
    public static RouteGroupBuilder MapUserQueries(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.UserRead);
        group.MapGet("/", List).WithName("ListUsers").ProducesValidationProblem()
            .WithSummary("Users, newest first: `search` matches email or name (case-insensitive), `status` is active, deactivated or blocked.");
        group.MapGet("/{userId}", Get).WithName("GetUser")
            .WithSummary("One user: profile, role, status, ban reason and expiry, created and last-seen times.");
        return group;
    }

    public static async Task<Ok<PagedList<UserResponse>>> List(
        AppDbContext db, TimeProvider time, [Description("Part of the email or name, case-insensitive (at most 320 characters).")] [StringLength(TextLimits.Email)] string? search,
        [Description("Only users in this status: active, deactivated (banned) or blocked (removed in Auther).")] [AllowedValues(UserStatus.Active, UserStatus.Deactivated, UserStatus.Blocked, null, ErrorMessage = UserStatus.Rule)] string? status,
        [Description(PageQuery.PageDescription)] [Range(1, PageQuery.MaxPage)] int? page, [Description(PageQuery.PageSizeDescription)] [Range(1, PageQuery.MaxPageSize)] int? pageSize, CancellationToken cancellationToken)
    {
        var query = PageQuery.Of(page, pageSize);
        var now = time.GetUtcNow();
        IQueryable<User> users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{EscapeLike(search.Trim())}%";
            users = users.Where(u => EF.Functions.ILike(u.Email!, pattern, "\\") || EF.Functions.ILike(u.Name!, pattern, "\\"));
        }

        users = status switch
        {
            UserStatus.Blocked => users.Where(u => u.MissingSince != null),
            UserStatus.Deactivated => users.Where(u => u.MissingSince == null && u.Banned && (u.BanExpires == null || u.BanExpires > now)),
            UserStatus.Active => users.Where(u => u.MissingSince == null && !(u.Banned && (u.BanExpires == null || u.BanExpires > now))),
            _ => users,
        };
        var rows = await users.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return TypedResults.Ok(query.ToPage(rows.Select(u => UserResponse.From(u, now)).ToList()));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Get(
        [Description("The user's Auther id (as in `GET /api/users`).")] string userId, AppDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = userId.Length > User.IdMaxLength ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null
            ? Problems.NotFound("user_not_found", "User not found",
                "This app has no user with that id (a user appears here after their first request or a sync).")
            : TypedResults.Ok(UserResponse.From(user, time.GetUtcNow()));
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}

/// <summary><c>active</c>; <c>deactivated</c>: banned (until <c>banExpires</c>, if set); <c>blocked</c>: gone from Auther, data kept.</summary>
public static class UserStatus
{
    public const string Active = "active";
    public const string Deactivated = "deactivated";
    public const string Blocked = "blocked";

    public static readonly IReadOnlyList<string> All = [Active, Deactivated, Blocked];

    public const string Rule = $"One of {Active}, {Deactivated}, {Blocked}.";

    public static string Of(User user, DateTimeOffset now) =>
        user.MissingSince is not null ? Blocked
        : user.Banned && (user.BanExpires is null || user.BanExpires > now) ? Deactivated
        : Active;
}

public sealed record UserResponse(
    string Id, string? Email, string? Name, string? Role, string Status, string? BanReason, DateTimeOffset? BanExpires,
    DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt)
{
    public static UserResponse From(User user, DateTimeOffset now)
    {
        var status = UserStatus.Of(user, now);
        return new(user.Id, user.Email, user.Name, user.Role, status,
            status == UserStatus.Deactivated ? user.BanReason : null, status == UserStatus.Deactivated ? user.BanExpires : null,
            user.CreatedAt, user.LastSeenAt);
    }
}
