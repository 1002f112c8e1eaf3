using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using App.Api.Auth;
using App.Data;
using App.Data.AuditLogs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Features.AuditLogs;

/// <summary>
/// The audit trail for admins (<c>audit:read</c>): newest first, filtered, paged by keyset (<c>cursor</c> =
/// the last id seen), so a page stays cheap however deep and rows written meanwhile never shift it.
/// </summary>
public static class AuditLogEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static RouteGroupBuilder MapAuditLogs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/audit-logs").WithTags("Admin").RequireAuthorization(Policies.AuditRead);
        group.MapGet("/", List).WithName("ListAuditLogs").ProducesValidationProblem()
            .WithSummary("Audit rows, newest first, filtered by actor, impersonator, action, subject (`*` = prefix) and time; keyset paging by `cursor`.");
        return group;
    }

    public static async Task<Results<Ok<AuditLogPage>, ValidationProblem>> List(
        AppDbContext db,
        [Description("Only rows written by this user id.")] string? actorId,
        [Description("Only rows written while this user id impersonated the actor.")] string? impersonatorId,
        [Description("Only this action, e.g. `expense.approved`.")] string? action,
        [Description("Exact subject, or a prefix when it ends with `*` (`organization:{id}*` finds its member changes too).")] string? subject,
        [Description("Only rows written at or after this time (ISO 8601).")] DateTimeOffset? from,
        [Description("Only rows written before this time (ISO 8601).")] DateTimeOffset? to,
        [Description("`nextCursor` of the previous page: the rows older than it.")] [Range(1, long.MaxValue, ErrorMessage = "Must be the id of the last row of the previous page.")] long? cursor,
        [Description("Rows per page, 1 to 200 (default 50).")] [Range(1, MaxLimit)] int? limit, CancellationToken cancellationToken)
    {
        // Two values compared: no attribute says that.
        if (from > to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["Must not be after 'to'."] });
        }

        IQueryable<AuditLog> rows = db.AuditLogs.AsNoTracking();
        rows = actorId is null ? rows : rows.Where(a => a.ActorId == actorId);
        rows = impersonatorId is null ? rows : rows.Where(a => a.ImpersonatorId == impersonatorId);
        rows = action is null ? rows : rows.Where(a => a.Action == action);
        rows = subject switch
        {
            null => rows,
            [.. var prefix, '*'] => rows.Where(a => a.Subject != null && a.Subject.StartsWith(prefix)),
            _ => rows.Where(a => a.Subject == subject),
        };
        rows = from is { } since ? rows.Where(a => a.CreatedAt >= since.ToUniversalTime()) : rows;
        rows = to is { } until ? rows.Where(a => a.CreatedAt < until.ToUniversalTime()) : rows;
        rows = cursor is { } after ? rows.Where(a => a.Id < after) : rows;

        var take = limit ?? DefaultLimit;
        var page = await rows.OrderByDescending(a => a.Id).Take(take + 1).ToListAsync(cancellationToken);
        var items = page.Take(take).Select(AuditLogResponse.From).ToList();
        return TypedResults.Ok(new AuditLogPage(items, page.Count > take ? items[^1].Id : null));
    }
}

/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record AuditLogPage(IReadOnlyList<AuditLogResponse> Items, long? NextCursor);

public sealed record AuditLogResponse(
    long Id, string ActorId, string? ImpersonatorId, string? ActorEmail, string? ActorName, string Action, string? Subject,
    JsonElement? Details, string? Ip, DateTimeOffset CreatedAt)
{
    public static AuditLogResponse From(AuditLog a) => new(
        a.Id, a.ActorId, a.ImpersonatorId, a.ActorEmail, a.ActorName, a.Action, a.Subject,
        a.Details is null ? null : JsonSerializer.Deserialize<JsonElement>(a.Details), a.Ip, a.CreatedAt);
}
