using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using App.Api.Auth.Jwks;
using Microsoft.Extensions.Options;

namespace App.Api.Auth.Jwt;

/// <summary>
/// Tokens whose signature and claims were already verified, keyed by a SHA-256 of the token (the token
/// itself is never stored). Ed25519 verification costs hundreds of microseconds here, so a token is verified
/// once, not once per request, as API gateways do. An entry is never used past the token's exp, nor once its
/// signing key has left the JWKS. Revocation, ban and deletion are checked on every request after this cache,
/// so they need not purge it.
/// </summary>
public sealed class VerifiedTokenCache(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<UInt128, Entry> _entries = new();

    public int Count => _entries.Count;

    public static UInt128 KeyOf(ReadOnlySpan<char> token)
    {
        Span<byte> hash = stackalloc byte[32];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(token.Length);
        // Stryker disable once Equality: "<" never differs (GetMaxByteCount is (length + 1) * 3, never 4096); ">" is the negation, kept enabled and killed by VerifiedTokenKeyTests.
        if (maxBytes <= 4096)
        {
            Span<byte> utf8 = stackalloc byte[maxBytes];
            SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(token, utf8)], hash);
        }
        else
        {
            var utf8 = new byte[Encoding.UTF8.GetByteCount(token)];
            Encoding.UTF8.GetBytes(token, utf8);
            SHA256.HashData(utf8, hash);
        }

        return new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..]));
    }

    public ClaimsPrincipal? TryGet(UInt128 key, AutherKeySet? keys)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt <= time.GetUtcNow() || keys is null || !keys.Contains(entry.Kid))
        {
            _entries.TryRemove(key, out _);
            return null;
        }

        return entry.Principal;
    }

    public void Add(UInt128 key, ClaimsPrincipal principal, DateTimeOffset expiresAt, string kid)
    {
        var capacity = options.Value.VerifiedTokenCacheSize;
        if (capacity == 0)
        {
            return;
        }

        if (_entries.Count >= capacity)
        {
            Trim(capacity);
        }

        _entries[key] = new Entry(principal, expiresAt, kid);
    }

    private void Trim(int capacity)
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }

        // Still full of live tokens: drop an arbitrary half rather than grow without bound. A dropped token
        // is simply verified again on its next use.
        if (_entries.Count >= capacity)
        {
            foreach (var key in _entries.Keys.Take(_entries.Count / 2 + 1).ToList())
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset ExpiresAt, string Kid);
}
