using System.Collections.Concurrent;

namespace App.Api.Auth.Legacy;

/// <summary>
/// Session tokens recently looked up and not found. Any anonymous caller can send
/// <c>Authorization: Bearer anything</c>, and each distinct value would otherwise cost a database query:
/// a miss is remembered for a short while, so repeating it costs nothing. Bounded: when full it is
/// emptied, which at worst costs one query per value again.
/// </summary>
public sealed class LegacySessionMisses(TimeProvider time)
{
    public const int Capacity = 10_000;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _misses = new(StringComparer.Ordinal);

    public bool IsKnownMiss(string hash) =>
        _misses.TryGetValue(hash, out var until) && (until > time.GetUtcNow() || !_misses.TryRemove(new(hash, until)));

    public void Remember(string hash)
    {
        if (_misses.Count >= Capacity)
        {
            _misses.Clear();
        }

        _misses[hash] = time.GetUtcNow() + Lifetime;
    }
}
