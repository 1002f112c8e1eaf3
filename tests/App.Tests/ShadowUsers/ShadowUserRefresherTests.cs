using App.Api.Auth;
using App.Api.ShadowUsers;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace App.Tests.ShadowUsers;

/// <summary>
/// The warm path's throttle (<see cref="ShadowUserRefresher.Observe"/>), without the API: a user seen within the
/// refresh interval queues nothing, one seen that long ago or never is due, and the cached copy is marked seen at
/// once so concurrent requests do not queue the same write.
/// </summary>
public sealed class ShadowUserRefresherTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Fact]
    public void SeenWithinTheInterval_IsNotDue()
    {
        var (refresher, cache) = NewRefresher();
        var row = Cached(cache, lastSeen: Now - Interval + TimeSpan.FromMilliseconds(1));

        refresher.Observe(row, Token());

        cache.Get("u1").ShouldBeSameAs(row);
    }

    [Fact]
    public void SeenExactlyTheIntervalAgo_IsDue_AndMarkedSeenNow()
    {
        var (refresher, cache) = NewRefresher();
        var row = Cached(cache, lastSeen: Now - Interval);

        refresher.Observe(row, Token());

        cache.Get("u1")!.LastSeenAt.ShouldBe(Now);
    }

    [Fact]
    public void NeverSeen_IsDue_AndMarkedSeenNow()
    {
        var (refresher, cache) = NewRefresher();
        var row = Cached(cache, lastSeen: null);

        refresher.Observe(row, Token());

        cache.Get("u1")!.LastSeenAt.ShouldBe(Now);
    }

    private static (ShadowUserRefresher Refresher, ShadowUserCache Cache) NewRefresher()
    {
        var clock = new TestClock(Now);
        var options = Options.Create(new AuthOptions { ShadowRefreshInterval = Interval });
        var cache = new ShadowUserCache(options, clock) { Synchronised = true };
        var scopes = new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();
        return (new ShadowUserRefresher(scopes, cache, options, clock, NullLogger<ShadowUserRefresher>.Instance), cache);
    }

    private static ShadowUser Cached(ShadowUserCache cache, DateTimeOffset? lastSeen)
    {
        var row = new ShadowUser("u1", "u1@example.com", "U One", null, true, "user", false, null, null, null, Now.AddDays(-1), Now.AddDays(-1), lastSeen)
        {
            LoadedAt = Now,
        };
        cache.Set(row, cache.Generation(row.Id));
        return row;
    }

    private static Principal Token() => new() { UserId = "u1", Email = "u1@example.com", Name = "U One", EmailVerified = true, Method = AuthMethod.Jwt };
}
