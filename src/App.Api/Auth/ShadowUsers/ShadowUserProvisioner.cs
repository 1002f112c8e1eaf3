using System.Collections.Concurrent;
using App.Api.Validation;
using App.Data;
using App.Data.Users;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Auth.ShadowUsers;

/// <summary>
/// Just-in-time provisioning: the first authenticated request of an unknown user inserts the shadow row
/// (before the handler runs, so every foreign key to users is valid). Concurrent first requests share one
/// attempt per instance, and the insert is <c>ON CONFLICT DO NOTHING</c>, so several instances on one
/// database still end with exactly one row and no error. A tombstoned (deleted) id is never recreated.
/// </summary>
public sealed class ShadowUserProvisioner(
    IServiceScopeFactory scopes,
    ShadowUserCache cache,
    AuthMetrics metrics,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ShadowUser?>>> _inflight = new(StringComparer.Ordinal);

    /// <summary>The caller's shadow row, creating it if needed; null when the user was deleted (tombstoned).</summary>
    public async ValueTask<ShadowUser?> GetOrProvisionAsync(Principal principal)
    {
        if (cache.Get(principal.UserId) is { } cached)
        {
            return cached;
        }

        var attempt = _inflight.GetOrAdd(principal.UserId, _ => new Lazy<Task<ShadowUser?>>(() => LoadOrInsertAsync(principal)));
        try
        {
            return await attempt.Value;
        }
        finally
        {
            _inflight.TryRemove(new KeyValuePair<string, Lazy<Task<ShadowUser?>>>(principal.UserId, attempt));
        }
    }

    private async Task<ShadowUser?> LoadOrInsertAsync(Principal principal)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        var generation = cache.Generation(principal.UserId);

        var existing = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == principal.UserId);
        if (existing is not null)
        {
            metrics.Provisioned("existing");
            return Remember(ShadowUser.From(existing, now), generation);
        }

        var inserted = await db.Database.SqlQuery<int>($"""
            INSERT INTO users (id, email, name, email_verified, role, banned, created_at, updated_at)
            SELECT {principal.UserId}, {principal.Email}, {principal.Name}, {principal.EmailVerified},
                   {RoleOf(principal)}, false, {now}, {now}
            WHERE NOT EXISTS (SELECT 1 FROM user_tombstones WHERE user_id = {principal.UserId})
            ON CONFLICT (id) DO NOTHING
            RETURNING 1 AS "Value"
            """).ToListAsync();

        var row = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == principal.UserId);
        if (row is null)
        {
            metrics.Provisioned("tombstoned");
            return null;
        }

        metrics.Provisioned(inserted.Count > 0 ? "created" : "existing");
        return Remember(ShadowUser.From(row, now), generation);
    }

    private ShadowUser Remember(ShadowUser user, long generation)
    {
        cache.Set(user, generation);
        return user;
    }

    private static string? RoleOf(Principal principal) =>
        principal.Roles.Count == 0 ? null : InputText.Clean(string.Join(',', principal.Roles), TextLimits.Identifier);
}
