using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace App.Web.Sessions;

/// <summary>
/// This instance's copy of recently used session tickets, so a request needs no database read, no ticket decryption
/// and no deserialization. An entry lives <see cref="SessionSettings.CacheDuration"/> at most, and goes at once when
/// any instance signs the session out or renews it (<see cref="SessionInvalidationListener"/>). While change
/// notifications are not arriving the cache is not used at all: every request reads its row, as without a cache.
/// </summary>
public sealed class SessionCache(IOptions<SessionSettings> settings, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _tickets = new(StringComparer.Ordinal);

    // Bumped by every eviction: a read from the database that began before an eviction must not put what it read
    // back into the cache (it may predate the sign-out that caused the eviction). Evictions are rare (sign-out,
    // renewal), so one counter for all keys costs nothing worth striping.
    private long _generation;
    private volatile bool _synchronised;

    /// <summary>True while this instance receives the sign-out and renewal notifications of every instance.</summary>
    public bool Synchronised
    {
        get => _synchronised;
        set
        {
            _synchronised = value;
            Clear();
        }
    }

    public int Count => _tickets.Count;

    private bool Enabled => _synchronised && settings.Value.CacheDuration > TimeSpan.Zero;

    /// <summary>A copy of the cached ticket (the caller may change it), or <c>null</c>.</summary>
    public AuthenticationTicket? Get(string keyHash)
    {
        if (!Enabled || !_tickets.TryGetValue(keyHash, out var entry))
        {
            return null;
        }

        if (time.GetUtcNow() >= entry.ExpiresAt)
        {
            _tickets.TryRemove(new KeyValuePair<string, Entry>(keyHash, entry));
            return null;
        }

        return entry.Ticket.Clone();
    }

    /// <summary>Take before reading a row from the database; pass to <see cref="Set"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Caches a copy of a ticket read from the database, unless anything was evicted since <paramref name="generation"/>.</summary>
    public void Set(string keyHash, AuthenticationTicket ticket, long generation)
    {
        var options = settings.Value;
        if (!Enabled || Generation != generation)
        {
            return;
        }

        if (_tickets.Count >= options.CacheSize && !_tickets.ContainsKey(keyHash))
        {
            // Bounded: drop an arbitrary half; a dropped session costs one read on its next request.
            foreach (var key in _tickets.Keys.Take(_tickets.Count / 2 + 1).ToList())
            {
                _tickets.TryRemove(key, out _);
            }
        }

        var now = time.GetUtcNow();
        var expiresAt = now + options.CacheDuration;
        if (ticket.Properties.ExpiresUtc is { } sessionEnds && sessionEnds < expiresAt)
        {
            expiresAt = sessionEnds;
        }

        _tickets[keyHash] = new Entry(ticket.Clone(), expiresAt);
    }

    public void Evict(string keyHash)
    {
        Interlocked.Increment(ref _generation);
        _tickets.TryRemove(keyHash, out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _tickets.Clear();
    }

    private sealed record Entry(AuthenticationTicket Ticket, DateTimeOffset ExpiresAt);
}
