using App.Api.ShadowUsers;
using App.Data;
using App.Data.Tokens;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.ShadowUsers;

/// <summary>
/// The in-memory jti deny-list on its own, read from a real PostgreSQL: when an entry stops refusing, which
/// rows a (re)load reads, and that a failed first read is tried again instead of being kept.
/// </summary>
public sealed class RevocationListTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestClock _clock = new(Now);
    private string _connectionString = string.Empty;
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabases.CreateMigratedAsync("revocationlist");
        _services = new ServiceCollection()
            .AddDbContext<AppDbContext>(options => options.UseAppDatabase(_connectionString))
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await TestDatabases.DropAsync(_connectionString);
    }

    [Fact]
    public void Entry_RefusesUntilItsExpiry_AndNotFromThatInstantOn()
    {
        var list = new RevocationList(Scopes(), _clock);
        list.Add("a", Now.AddSeconds(1));

        list.IsRevoked("a").ShouldBeTrue();
        list.IsRevoked("b").ShouldBeFalse();
        _clock.Now = Now.AddSeconds(1);
        list.IsRevoked("a").ShouldBeFalse();
    }

    [Fact]
    public void AddingAgain_KeepsTheLaterExpiry_WhicheverComesFirst()
    {
        var list = new RevocationList(Scopes(), _clock);
        list.Add("earlier-second", Now.AddMinutes(10));
        list.Add("earlier-second", Now.AddMinutes(1));
        list.Add("later-second", Now.AddMinutes(1));
        list.Add("later-second", Now.AddMinutes(10));

        _clock.Now = Now.AddMinutes(5);
        list.IsRevoked("earlier-second").ShouldBeTrue();
        list.IsRevoked("later-second").ShouldBeTrue();
        list.Count.ShouldBe(2);
    }

    [Fact]
    public void Purge_RemovesEntriesExpiredAtOrBeforeNow_AndKeepsTheRest()
    {
        var list = new RevocationList(Scopes(), _clock);
        list.Add("past", Now.AddSeconds(-1));
        list.Add("now", Now);
        list.Add("future", Now.AddSeconds(1));

        list.PurgeExpired();

        list.Count.ShouldBe(1);
        list.IsRevoked("future").ShouldBeTrue();
    }

    [Fact]
    public async Task Load_ReadsOnlyUnexpiredRows_Once()
    {
        await AddRowsAsync(("past", Now.AddSeconds(-1)), ("now", Now), ("future", Now.AddMinutes(1)));
        var list = new RevocationList(Scopes(), _clock);
        list.IsLoaded.ShouldBeFalse();

        await list.EnsureLoadedAsync();

        list.IsLoaded.ShouldBeTrue();
        list.Count.ShouldBe(1);
        list.IsRevoked("future").ShouldBeTrue();

        // Loaded once: a row written later arrives by notification (or ReloadAsync), not by another read here.
        await AddRowsAsync(("later", Now.AddMinutes(1)));
        await list.EnsureLoadedAsync();
        list.IsRevoked("later").ShouldBeFalse();
        await list.ReloadAsync();
        list.IsRevoked("later").ShouldBeTrue();
    }

    [Fact]
    public async Task Load_KeepsTheLaterExpiry_OfAnEntryAlreadyInMemory()
    {
        await AddRowsAsync(("a", Now.AddMinutes(1)));
        var list = new RevocationList(Scopes(), _clock);
        list.Add("a", Now.AddMinutes(10));

        await list.ReloadAsync();

        _clock.Now = Now.AddMinutes(5);
        list.IsRevoked("a").ShouldBeTrue();
    }

    [Fact]
    public async Task FailedFirstLoad_IsTriedAgain_ByTheNextCaller()
    {
        await AddRowsAsync(("a", Now.AddMinutes(1)));
        var scopes = new FailingOnceScopes(Scopes());
        var list = new RevocationList(scopes, _clock);

        await Should.ThrowAsync<InvalidOperationException>(list.EnsureLoadedAsync);
        list.IsLoaded.ShouldBeFalse();

        await list.EnsureLoadedAsync();
        list.IsLoaded.ShouldBeTrue();
        list.IsRevoked("a").ShouldBeTrue();
    }

    [Fact]
    public async Task CanceledFirstLoad_IsTriedAgain_ByTheNextCaller()
    {
        await AddRowsAsync(("a", Now.AddMinutes(1)));
        var list = new RevocationList(new FailingOnceScopes(Scopes(), new OperationCanceledException("shutting down")), _clock);

        await Should.ThrowAsync<OperationCanceledException>(list.EnsureLoadedAsync);
        list.IsLoaded.ShouldBeFalse();

        await list.EnsureLoadedAsync();
        list.IsRevoked("a").ShouldBeTrue();
    }

    [Fact]
    public async Task AfterAReload_EnsureLoaded_ReadsNothingMore()
    {
        var scopes = new CountingScopes(Scopes());
        var list = new RevocationList(scopes, _clock);

        await list.ReloadAsync();
        await list.EnsureLoadedAsync();

        scopes.Created.ShouldBe(1);
    }

    [Fact]
    public async Task ConcurrentFirstCallers_ShareOneRead()
    {
        var scopes = new CountingScopes(Scopes());
        var list = new RevocationList(scopes, _clock);

        await Task.WhenAll(list.EnsureLoadedAsync(), list.EnsureLoadedAsync(), list.EnsureLoadedAsync());

        scopes.Created.ShouldBe(1);
    }

    private IServiceScopeFactory Scopes() => _services!.GetRequiredService<IServiceScopeFactory>();

    private async Task AddRowsAsync(params (string Jti, DateTimeOffset ExpiresAt)[] rows)
    {
        await using var db = TestDatabases.CreateContext(_connectionString);
        foreach (var (jti, expiresAt) in rows)
        {
            db.RevokedTokens.Add(new RevokedToken { Jti = jti, ExpiresAt = expiresAt, RevokedAt = Now });
        }

        await db.SaveChangesAsync();
    }

    private sealed class FailingOnceScopes(IServiceScopeFactory inner, Exception? failure = null) : IServiceScopeFactory
    {
        private int _calls;

        public IServiceScope CreateScope() =>
            Interlocked.Increment(ref _calls) == 1 ? throw failure ?? new InvalidOperationException("database down") : inner.CreateScope();
    }

    private sealed class CountingScopes(IServiceScopeFactory inner) : IServiceScopeFactory
    {
        private int _created;

        public int Created => _created;

        public IServiceScope CreateScope()
        {
            Interlocked.Increment(ref _created);
            return inner.CreateScope();
        }
    }
}
