using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using App.Api.Auth;
using App.Api.Errors;
using App.Api.Audit;
using App.Api.Features.Organizations;
using App.Api.Paging;
using App.Data;
using App.Data.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Features.Notifications;

/// <summary>
/// The caller's own notifications, preferences and push tokens, keyed by their user id (the shadow row's id
/// is Auther's, so nothing here changed with the move to Auther). Reading needs <c>notifications:read</c>,
/// changing <c>notifications:write</c>; the plain <c>user</c> role has both.
/// </summary>
public static class NotificationsEndpoints
{
    public static RouteGroupBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications");
        group.MapGet("/", List).WithName("ListNotifications").ProducesValidationProblem().RequireAuthorization(Policies.NotificationsRead)
            .WithSummary("The caller's notifications, newest first (`unread=true` for unread ones only).");
        group.MapPost("/{id:guid}/read", MarkRead).WithName("MarkNotificationRead").RequireAuthorization(Policies.NotificationsWrite)
            .WithSummary("Mark one notification as read.");
        group.MapPost("/read-all", MarkAllRead).WithName("MarkAllNotificationsRead").RequireAuthorization(Policies.NotificationsWrite)
            .WithSummary("Mark all of the caller's notifications as read.");
        group.MapGet("/preferences", NotificationPreferencesHandlers.Get).WithName("GetNotificationPreferences").RequireAuthorization(Policies.NotificationsRead)
            .WithSummary("Which channels (in-app, push, email) each notification type may use.");
        group.MapPut("/preferences", NotificationPreferencesHandlers.Put).WithName("PutNotificationPreferences").ProducesValidationProblem().RequireAuthorization(Policies.NotificationsWrite)
            .WithSummary("Change the channels of the listed types; a flag left out keeps its value.");
        group.MapPost("/push-tokens", PushTokenHandlers.Register).WithName("RegisterPushToken").ProducesValidationProblem().RequireAuthorization(Policies.NotificationsWrite)
            .WithSummary("Register a device's push token (ios, android or web).");
        group.MapDelete("/push-tokens/{id:guid}", PushTokenHandlers.Unregister).WithName("UnregisterPushToken").RequireAuthorization(Policies.NotificationsWrite)
            .WithSummary("Forget a push token.");

        app.MapGet("/api/orgs/{orgSlug}/notifications", ListForOrganization).WithTags("Notifications")
            .WithName("ListOrganizationNotifications").ProducesValidationProblem().RequireAuthorization(Policies.NotificationsRead)
            .WithSummary("The caller's notifications about this organization, newest first.");
        return group;
    }

    /// <summary>Newest first; <c>unread=true</c> leaves out the read ones.</summary>
    public static Task<Ok<PagedList<NotificationResponse>>> List(
        Principal principal, AppDbContext db, [Description("`true`: only notifications not yet read.")] bool? unread, [Description(PageQuery.PageDescription)] [Range(1, PageQuery.MaxPage)] int? page,
        [Description(PageQuery.PageSizeDescription)] [Range(1, PageQuery.MaxPageSize)] int? pageSize, CancellationToken cancellationToken) =>
        ListAsync(db, principal.UserId, null, unread, page, pageSize, cancellationToken);

    /// <summary>The caller's notifications about the organization in the path.</summary>
    public static Task<Ok<PagedList<NotificationResponse>>> ListForOrganization(
        OrganizationContext org, Principal principal, AppDbContext db, [Description("`true`: only notifications not yet read.")] bool? unread, [Description(PageQuery.PageDescription)] [Range(1, PageQuery.MaxPage)] int? page,
        [Description(PageQuery.PageSizeDescription)] [Range(1, PageQuery.MaxPageSize)] int? pageSize, CancellationToken cancellationToken) =>
        ListAsync(db, principal.UserId, org.Id, unread, page, pageSize, cancellationToken);

    public static async Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> MarkRead(
        [Description("The notification's id.")] Guid id, Principal principal, AppDbContext db, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.UserId == principal.UserId, cancellationToken);
        if (notification is null)
        {
            return Problems.NotFound("notification_not_found", "Notification not found", $"You have no notification {id}.");
        }

        if (notification.ReadAt is null)
        {
            notification.ReadAt = time.GetUtcNow();
            audit.Record(principal, "notification.read", $"notification:{id}");
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(NotificationResponse.From(notification));
    }

    public static async Task<Ok<MarkAllReadResponse>> MarkAllRead(
        Principal principal, AppDbContext db, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.Notifications.Where(n => n.UserId == principal.UserId && n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
        if (updated > 0)
        {
            audit.Record(principal, "notifications.read_all", $"user:{principal.UserId}", new { updated });
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new MarkAllReadResponse(updated));
    }

    private static async Task<Ok<PagedList<NotificationResponse>>> ListAsync(
        AppDbContext db, string userId, Guid? organizationId, bool? unread, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var query = PageQuery.Of(page, pageSize);
        IQueryable<Notification> notifications = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        if (organizationId is { } orgId)
        {
            notifications = notifications.Where(n => n.OrganizationId == orgId);
        }

        if (unread == true)
        {
            notifications = notifications.Where(n => n.ReadAt == null);
        }

        var rows = await notifications.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return TypedResults.Ok(query.ToPage(rows.ConvertAll(NotificationResponse.From)));
    }
}
