using App.Api.Auth;
using App.Api.Audit;
using App.Data;
using App.Data.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Features.Notifications;

/// <summary>Per type, which channels may carry a notification. No stored row means every channel is on.</summary>
public static class NotificationPreferencesHandlers
{
    /// <summary>Every known type with its channels, stored or default.</summary>
    public static async Task<Ok<NotificationPreferencesDocument>> Get(Principal principal, AppDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(Document(await db.NotificationPreferences.AsNoTracking()
            .Where(p => p.UserId == principal.UserId).ToListAsync(cancellationToken)));

    /// <summary>Changes the listed types only; a flag left out keeps its value. Answers the whole document.</summary>
    public static async Task<Ok<NotificationPreferencesDocument>> Put(
        NotificationPreferencesDocument request, Principal principal, AppDbContext db, AuditTrail audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var stored = await db.NotificationPreferences.Where(p => p.UserId == principal.UserId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var changed = new List<string>();
        foreach (var item in request.Preferences!)
        {
            var row = stored.Find(p => p.Type == item.Type);
            if (row is null)
            {
                row = new NotificationPreference { UserId = principal.UserId, Type = item.Type! };
                db.NotificationPreferences.Add(row);
                stored.Add(row);
            }

            var before = (row.InApp, row.Push, row.Email);
            row.InApp = item.InApp ?? row.InApp;
            row.Push = item.Push ?? row.Push;
            row.Email = item.Email ?? row.Email;
            if (before != (row.InApp, row.Push, row.Email) || db.Entry(row).State == EntityState.Added)
            {
                row.UpdatedAt = now;
                changed.Add(row.Type);
            }
        }

        if (changed.Count > 0)
        {
            audit.Record(principal, "notification_preferences.updated", $"user:{principal.UserId}", new { types = changed });
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(Document(stored));
    }

    private static NotificationPreferencesDocument Document(List<NotificationPreference> stored) => new(
        NotificationTypes.All.Concat(stored.Select(p => p.Type).Where(t => !NotificationTypes.All.Contains(t)).Order(StringComparer.Ordinal))
            .Select(type => stored.Find(p => p.Type == type) is { } p
                ? new NotificationPreferenceItem(type, p.InApp, p.Push, p.Email)
                : new NotificationPreferenceItem(type, true, true, true))
            .ToList());
}
