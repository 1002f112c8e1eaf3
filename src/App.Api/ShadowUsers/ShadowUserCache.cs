using System.Collections.Concurrent;
using App.Api.Auth;
using Microsoft.Extensions.Options;

namespace App.Api.ShadowUsers;

/// <summary>
/// Known shadow rows, so an authenticated request needs no database read. Entries are evicted by
/// LISTEN/NOTIFY (<see cref="CacheInvalidationListener"/>) the moment any instance changes the row;
/// while that listener is disconnected, entries older than a few seconds are treated as stale, so a
/// ban still reaches every instance within seconds.
/// </summary>
public sealed class ShadowUserCache(IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>How old an entry may be while change notifications are not arriving.</summary>
    public static readonly TimeSpan UnsyncedMaxAge = TimeSpan.FromSeconds(5);

    private const int Stripes = 1024;
    private readonly ConcurrentDictionary<string, ShadowUser> _users = new(StringComparer.Ordinal);

    // Bumped by every eviction of a user hashing to the stripe: a reader that started before an eviction
    // must not put what it read back into the cache (it may predate the change that caused the eviction).
    private readonly long[] _generations = new long[Stripes];

    /// <summary>True while this instance receives change notifications.</summary>
    public bool Synchronised { get; set; }

    public int Count => _users.Count;

    public ShadowUser? Get(string userId)
    {
        if (!_users.TryGetValue(userId, out var user))
        {
            return null;
        }

        if (!Synchronised && time.GetUtcNow() - user.LoadedAt > UnsyncedMaxAge)
        {
            _users.TryRemove(userId, out _);
            return null;
        }

        return user;
    }

    /// <summary>Take before reading a row from the database; pass to <see cref="Set"/>.</summary>
    public long Generation(string userId) => Interlocked.Read(ref _generations[Stripe(userId)]);

    /// <summary>Caches a row read from the database, unless the user was evicted since <paramref name="generation"/>.</summary>
    public void Set(ShadowUser user, long generation)
    {
        if (Generation(user.Id) != generation)
        {
            return;
        }

        var capacity = options.Value.ShadowUserCacheSize;
        if (_users.Count >= capacity && !_users.ContainsKey(user.Id))
        {
            // Bounded: drop an arbitrary half; a dropped user costs one read on their next request.
            foreach (var key in _users.Keys.Take(_users.Count / 2 + 1).ToList())
            {
                _users.TryRemove(key, out _);
            }
        }

        _users[user.Id] = user;
    }

    /// <summary>Replaces an entry only if it is still the one the caller read (no lost evictions).</summary>
    public void Update(ShadowUser expected, ShadowUser replacement) => _users.TryUpdate(expected.Id, replacement, expected);

    public void Evict(string userId)
    {
        Interlocked.Increment(ref _generations[Stripe(userId)]);
        _users.TryRemove(userId, out _);
    }

    public void Clear()
    {
        for (var i = 0; i < Stripes; i++)
        {
            Interlocked.Increment(ref _generations[i]);
        }

        _users.Clear();
    }

    private static int Stripe(string userId) => (int)((uint)StringComparer.Ordinal.GetHashCode(userId) % Stripes);
}
