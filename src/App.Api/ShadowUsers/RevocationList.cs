using System.Collections.Concurrent;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Api.ShadowUsers;

/// <summary>
/// The jti deny-list in memory: checked on every request without a database read. Loaded once at start,
/// kept current by LISTEN/NOTIFY (<see cref="CacheInvalidationListener"/>), and an entry
/// leaves when the token it names would have expired anyway.
/// </summary>
public sealed class RevocationList(IServiceScopeFactory scopes, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile Task? _load;

    public int Count => _revoked.Count;

    public bool IsRevoked(string jti) =>
        _revoked.TryGetValue(jti, out var expiresAt) && expiresAt > time.GetUtcNow();

    public void Add(string jti, DateTimeOffset expiresAt) => _revoked[jti] = expiresAt;

    /// <summary>Completes once the deny-list has been read from the database at least once.</summary>
    public Task EnsureLoadedAsync()
    {
        // Called on every authenticated request: once loaded, no lock.
        if (_load is { IsCompletedSuccessfully: true } loaded)
        {
            return loaded;
        }

        lock (_gate)
        {
            return _load ??= ReloadAsync();
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
            _revoked[row.Jti] = row.ExpiresAt;
        }

        lock (_gate)
        {
            _load ??= Task.CompletedTask;
        }
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
