using System.Collections.Concurrent;
using App.Api.Auth;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Api.ShadowUsers;

/// <summary>
/// Just-in-time provisioning: the first authenticated request of an unknown user creates the shadow row
/// (before the handler runs, so every foreign key to users is valid). Concurrent first requests share one
/// attempt per instance, and the store's insert ends instances on one database with exactly one row and no
/// error. A tombstoned (deleted) id is never recreated. A row created from a token without a role (deployed
/// id_tokens) gets Auther's default, and Auther is asked for the user off the request (<see cref="ShadowUserLookup"/>).
/// </summary>
public sealed class ShadowUserProvisioner(
    IServiceScopeFactory scopes,
    ShadowUserCache cache,
    ShadowUserLookup lookup,
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

        var created = await scope.ServiceProvider.GetRequiredService<ShadowUserStore>().ProvisionAsync(principal, CancellationToken.None);
        var row = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == principal.UserId);
        if (row is null)
        {
            metrics.Provisioned("tombstoned");
            return null;
        }

        metrics.Provisioned(created ? "created" : "existing");
        if (created && principal.Roles.Count == 0)
        {
            lookup.Enqueue(principal.UserId);
        }

        return Remember(ShadowUser.From(row, now), generation);
    }

    private ShadowUser Remember(ShadowUser user, long generation)
    {
        cache.Set(user, generation);
        return user;
    }
}
