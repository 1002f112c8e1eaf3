using App.Api.Auth;
using App.Api.ShadowUsers;
using App.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace App.Tests.ShadowUsers;

/// <summary>
/// The in-memory shadow rows (<see cref="ShadowUserCache"/>), without the API: what it serves while change
/// notifications arrive and while they do not, how it refuses a row read before an eviction, and its bound.
/// </summary>
public sealed class ShadowUserCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Synchronised_ServesAnEntry_HoweverOld()
    {
        var (cache, clock) = NewCache();
        cache.Synchronised = true;
        Put(cache, "u1");

        clock.Now = Start.AddHours(1);

        cache.Get("u1").ShouldNotBeNull();
    }

    [Fact]
    public void NotSynchronised_ServesAnEntryUpToItsMaxAge_AndDropsAnOlderOne()
    {
        var (cache, clock) = NewCache();
        Put(cache, "u1");

        clock.Now = Start + ShadowUserCache.UnsyncedMaxAge;
        cache.Get("u1").ShouldNotBeNull("an entry exactly the max age old is still fresh");

        clock.Now = Start + ShadowUserCache.UnsyncedMaxAge + TimeSpan.FromMilliseconds(1);
        cache.Get("u1").ShouldBeNull();
        cache.Count.ShouldBe(0, "a stale entry is removed, not only hidden");

        cache.Synchronised = true;
        cache.Get("u1").ShouldBeNull();
    }

    [Fact]
    public void Set_OfARowReadBeforeAnEviction_IsRefused()
    {
        var (cache, _) = NewCache();
        var generation = cache.Generation("u1");

        cache.Evict("u1");
        cache.Set(Row("u1"), generation);

        cache.Get("u1").ShouldBeNull();
        cache.Set(Row("u1"), cache.Generation("u1"));
        cache.Get("u1").ShouldNotBeNull();
    }

    [Fact]
    public void Set_OfARowReadBeforeAClear_IsRefused()
    {
        var (cache, _) = NewCache();
        Put(cache, "u0");
        var generations = Enumerable.Range(1, 50).Select(i => ($"u{i}", cache.Generation($"u{i}"))).ToList();

        cache.Clear();
        foreach (var (id, generation) in generations)
        {
            cache.Set(Row(id), generation);
        }

        cache.Count.ShouldBe(0, "a clear evicts every user, whatever stripe they hash to");
    }

    [Fact]
    public void Evict_RemovesTheUser_AndOnlyThem()
    {
        var (cache, _) = NewCache();
        Put(cache, "u1");
        Put(cache, "u2");

        cache.Evict("u1");

        cache.Get("u1").ShouldBeNull();
        cache.Get("u2").ShouldNotBeNull();
    }

    [Fact]
    public void AtCapacity_ANewUser_DropsMoreThanHalf_AndIsKept()
    {
        var (cache, _) = NewCache(capacity: 10);
        for (var i = 0; i < 10; i++)
        {
            Put(cache, $"u{i}");
        }

        cache.Count.ShouldBe(10);
        Put(cache, "new");

        cache.Count.ShouldBe(5, "six of the ten are dropped, then the new user is added");
        cache.Get("new").ShouldNotBeNull();
    }

    [Fact]
    public void AtCapacity_ACachedUserSetAgain_DropsNobody()
    {
        var (cache, _) = NewCache(capacity: 3);
        Put(cache, "u1");
        Put(cache, "u2");
        Put(cache, "u3");

        Put(cache, "u2");

        cache.Count.ShouldBe(3);
    }

    [Fact]
    public void BelowCapacity_DropsNobody()
    {
        var (cache, _) = NewCache(capacity: 3);
        Put(cache, "u1");
        Put(cache, "u2");

        Put(cache, "u3");

        cache.Count.ShouldBe(3);
    }

    [Fact]
    public void Update_ReplacesOnlyTheEntryTheCallerRead()
    {
        var (cache, _) = NewCache();
        var read = Row("u1");
        cache.Set(read, cache.Generation("u1"));
        var newer = read with { Name = "Newer" };
        cache.Set(newer, cache.Generation("u1"));

        cache.Update(read, read with { Name = "Stale" });

        cache.Get("u1")!.Name.ShouldBe("Newer");
    }

    private static (ShadowUserCache Cache, TestClock Clock) NewCache(int capacity = 100)
    {
        var clock = new TestClock(Start);
        return (new ShadowUserCache(Options.Create(new AuthOptions { ShadowUserCacheSize = capacity }), clock), clock);
    }

    private static void Put(ShadowUserCache cache, string id) => cache.Set(Row(id), cache.Generation(id));

    private static ShadowUser Row(string id) =>
        new(id, $"{id}@example.com", id, null, true, "user", false, null, null, null, Start, Start, null) { LoadedAt = Start };
}
