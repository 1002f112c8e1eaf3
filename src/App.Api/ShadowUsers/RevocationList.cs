using System.Collections.Concurrent;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Api.ShadowUsers;

/// <summary>
/// The jti deny-list in memory: checked on every request without a database read. Read from the database
/// before the first authenticated request is served, kept current by LISTEN/NOTIFY
/// (<see cref="CacheInvalidationListener"/>), and an entry leaves when the token it names would have expired anyway.
/// </summary>
public sealed class RevocationList(IServiceScopeFactory scopes, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile bool _loaded;
    private Task? _load;

    public int Count => _revoked.Count;

    /// <summary>True once the deny-list has been read from the database: until then no authenticated request is served.</summary>
    public bool IsLoaded => _loaded;

    public bool IsRevoked(string jti) =>
        _revoked.TryGetValue(jti, out var expiresAt) && expiresAt > time.GetUtcNow();

    /// <summary>
    /// Refuses <paramref name="jti"/> until <paramref name="expiresAt"/>, or longer if it already was: revoking a token
    /// again with an earlier time never shortens its entry, as the table keeps the later time too.
    /// </summary>
    public void Add(string jti, DateTimeOffset expiresAt) =>
        // Stryker disable once Equality: ">=" instead of ">" differs only when the two times are equal, and then either is the answer.
        _revoked.AddOrUpdate(jti, expiresAt, (_, current) => current > expiresAt ? current : expiresAt);

    /// <summary>
    /// Completes once the deny-list has been read at least once. Concurrent callers share one read; a read that
    /// failed (the database was down) is not kept: the next caller tries again, so the instance recovers by itself.
    /// </summary>
    public Task EnsureLoadedAsync()
    {
        // Called on every authenticated request: once loaded, no lock.
        if (_loaded)
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (_load is null || _load.IsFaulted || _load.IsCanceled)
            {
                _load = ReloadAsync();
            }

            return _load;
        }
    }

    /// <summary>Reads the whole (unexpired) deny-list again: after a missed-notification window, or at start.</summary>
    public async Task ReloadAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        var rows = await db.RevokedTokens.AsNoTracking()
            .Where(t => t.ExpiresAt > now)
            .Select(t => new { t.Jti, t.ExpiresAt })
            .ToListAsync();
        foreach (var row in rows)
        {
            Add(row.Jti, row.ExpiresAt);
        }

        _loaded = true;
    }

    public void PurgeExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (jti, expiresAt) in _revoked)
        {
            if (expiresAt <= now)
            {
                _revoked.TryRemove(jti, out _);
            }
        }
    }
}
