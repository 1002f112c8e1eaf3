using System.Security.Claims;
using App.Api.Auth;
using App.Api.Auth.Jwks;
using App.Api.Auth.Jwt;
using App.AutherKeys;
using App.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace App.Tests.Auth;

/// <summary>
/// The verified-token cache on its own: an entry is served only before its token's exp and while its key is
/// published, and a full cache makes room rather than grow (at the default 50,000 entries no request test fills it).
/// </summary>
public sealed class VerifiedTokenCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly AutherKeySet Keys = KeySet("k1");

    private readonly TestClock _clock = new(Start);

    [Fact]
    public void AnEntry_IsServedBeforeItsExpiry_AndDroppedAtIt()
    {
        var cache = Cache(capacity: 10);
        var principal = new ClaimsPrincipal();
        cache.Add(1, principal, Start.AddMinutes(5), "k1");

        _clock.Now = Start.AddMinutes(5).AddTicks(-1);
        cache.TryGet(1, Keys).ShouldBeSameAs(principal);

        _clock.Now = Start.AddMinutes(5);
        cache.TryGet(1, Keys).ShouldBeNull();
        cache.Count.ShouldBe(0);
    }

    [Fact]
    public void AnEntry_WhoseKeyIsNoLongerPublished_IsDropped()
    {
        var cache = Cache(capacity: 10);
        cache.Add(1, new ClaimsPrincipal(), Start.AddMinutes(5), "k1");

        cache.TryGet(1, KeySet("k2")).ShouldBeNull();
        cache.Count.ShouldBe(0);
    }

    [Fact]
    public void WithoutAnyKeys_NothingIsServed()
    {
        var cache = Cache(capacity: 10);
        cache.Add(1, new ClaimsPrincipal(), Start.AddMinutes(5), "k1");

        cache.TryGet(1, null).ShouldBeNull();
    }

    [Fact]
    public void SizeZero_CachesNothing()
    {
        var cache = Cache(capacity: 0);

        cache.Add(1, new ClaimsPrincipal(), Start.AddMinutes(5), "k1");

        cache.Count.ShouldBe(0);
        cache.TryGet(1, Keys).ShouldBeNull();
    }

    [Fact]
    public void AFullCache_DropsItsExpiredEntriesFirst()
    {
        var cache = Cache(capacity: 4);
        cache.Add(1, new ClaimsPrincipal(), Start.AddMinutes(1), "k1");
        cache.Add(2, new ClaimsPrincipal(), Start.AddMinutes(10), "k1");
        cache.Add(3, new ClaimsPrincipal(), Start.AddMinutes(2), "k1");
        cache.Add(4, new ClaimsPrincipal(), Start.AddMinutes(10), "k1");
        _clock.Now = Start.AddMinutes(2);

        cache.Add(5, new ClaimsPrincipal(), Start.AddMinutes(10), "k1");

        // Entry 3 expires at this very instant: gone with entry 1; no live one is dropped.
        cache.Count.ShouldBe(3);
        cache.TryGet(2, Keys).ShouldNotBeNull();
        cache.TryGet(4, Keys).ShouldNotBeNull();
        cache.TryGet(5, Keys).ShouldNotBeNull();
    }

    [Fact]
    public void AFullCacheOfLiveTokens_DropsMoreThanHalf_BeforeAddingTheNewOne()
    {
        var cache = Cache(capacity: 4);
        for (var key = 1; key <= 4; key++)
        {
            cache.Add((UInt128)key, new ClaimsPrincipal(), Start.AddMinutes(10), "k1");
        }

        cache.Add(5, new ClaimsPrincipal(), Start.AddMinutes(10), "k1");

        // 4 / 2 + 1 = 3 of the four dropped, then the new one added.
        cache.Count.ShouldBe(2);
        cache.TryGet(5, Keys).ShouldNotBeNull();
    }

    /// <summary>A token too long to hash on the stack is hashed from the heap, still by its content: two such tokens never share an entry.</summary>
    [Fact]
    public void LongTokens_OfTheSameLength_HaveKeysOfTheirOwn()
    {
        var one = new string('a', 5000);
        var other = new string('a', 4999) + "b";

        VerifiedTokenCache.KeyOf(one).ShouldNotBe(VerifiedTokenCache.KeyOf(other));
        VerifiedTokenCache.KeyOf(one).ShouldBe(VerifiedTokenCache.KeyOf(new string('a', 5000)));
    }

    private VerifiedTokenCache Cache(int capacity) =>
        new(Options.Create(new AuthOptions { VerifiedTokenCacheSize = capacity }), _clock);

    private static AutherKeySet KeySet(string kid) => new(
        new Dictionary<string, SigningKey> { [kid] = new(new Ed25519SecurityKey(new byte[32], kid), "EdDSA") },
        "https://auth.example.com", Start, 1);
}
