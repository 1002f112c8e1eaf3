using App.Api.Auth;
using App.Api.Database;
using App.Api.ShadowUsers;
using App.Data;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace App.Tests.ShadowUsers;

/// <summary>
/// The warm path's writes (<see cref="ShadowUserRefresher"/>), without the API, on a real PostgreSQL. The throttle:
/// a user seen within the refresh interval queues nothing, one seen that long ago or never is due, and the cached
/// copy is marked seen at once so concurrent requests do not queue the same write. Which write a due user gets:
/// a token whose profile (email, name, email_verified, role) differs from the row updates it, when it is an Auther
/// token with an iat; anything else only moves <c>last_seen_at</c> (so <c>updated_at</c>, the row's last change,
/// stays). A failed write is logged and the next one still runs.
/// </summary>
public sealed class ShadowUserRefresherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RowChangedAt = Now.AddDays(-1);
    private static readonly DateTimeOffset IssuedAt = Now.AddHours(-1);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private readonly TestClock _clock = new(Now);
    private readonly RecordingLogger<ShadowUserRefresher> _logger = new();
    private string _connectionString = string.Empty;
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabases.CreateMigratedAsync("refresher");
        _services = new ServiceCollection()
            .AddDbContext<AppDbContext>(options => options.UseAppDatabase(_connectionString))
            .AddScoped(sp => new ShadowUserStore(sp.GetRequiredService<AppDbContext>(), Options.Create(new DatabaseOptions()), _clock,
                NullLogger<ShadowUserStore>.Instance))
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
    public void SeenWithinTheInterval_IsNotDue()
    {
        var (refresher, cache) = NewRefresher();
        var row = Cached(cache, lastSeen: Now - Interval + TimeSpan.FromMilliseconds(1));

        refresher.Observe(row, Token("u1"));

        cache.Get("u1").ShouldBeSameAs(row);
    }

    [Fact]
    public void SeenExactlyTheIntervalAgo_IsDue_AndMarkedSeenNow()
    {
        var (refresher, cache) = NewRefresher();
        var row = Cached(cache, lastSeen: Now - Interval);

        refresher.Observe(row, Token("u1"));

        cache.Get("u1")!.LastSeenAt.ShouldBe(Now);
    }

    [Fact]
    public void NeverSeen_IsDue_AndMarkedSeenNow()
    {
        var (refresher, cache) = NewRefresher();
        var row = Cached(cache, lastSeen: null);

        refresher.Observe(row, Token("u1"));

        cache.Get("u1")!.LastSeenAt.ShouldBe(Now);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("name")]
    [InlineData("emailVerified")]
    [InlineData("role")]
    public async Task ATokenWithOneFieldOtherThanTheRows_UpdatesIt(string field)
    {
        var token = Token("u1");
        token = field switch
        {
            "email" => With(token, email: "new@example.com"),
            "name" => With(token, name: "New Name"),
            "emailVerified" => With(token, emailVerified: false),
            "role" => With(token, roles: ["editor"]),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var row = await SeenAsync(token);

        (row.Email, row.Name, row.EmailVerified, row.Role).ShouldBe((token.Email, token.Name, token.EmailVerified, string.Join(',', token.Roles)));
        (row.UpdatedAt, row.LastSeenAt).ShouldBe((Now, (DateTimeOffset?)Now));
    }

    [Fact]
    public async Task ATokenAgreeingWithTheRow_OnlyMovesLastSeen()
    {
        var row = await SeenAsync(Token("u1"));

        Unchanged(row);
    }

    /// <summary>A legacy session (dual-mode cut-over) and a token without iat cannot be ordered against the row's changes.</summary>
    [Theory]
    [InlineData(AuthMethod.Legacy, true)]
    [InlineData(AuthMethod.Jwt, false)]
    public async Task ALegacySessionOrATokenWithoutIat_ChangesNothingButLastSeen(AuthMethod method, bool hasIat)
    {
        var other = With(Token("u1"), email: "new@example.com", name: "New Name", emailVerified: false, roles: ["editor"]);
        var token = new Principal
        {
            UserId = other.UserId, Email = other.Email, Name = other.Name, EmailVerified = other.EmailVerified, Roles = other.Roles,
            Method = method, IssuedAt = hasIat ? IssuedAt : null,
        };

        var row = await SeenAsync(token);

        Unchanged(row);
    }

    /// <summary>A deployed id_token carries no role: that says nothing of the row's role, so it is no change.</summary>
    [Fact]
    public async Task ATokenWithoutARole_LeavesTheRowsRole_AndIsNoChange()
    {
        var row = await SeenAsync(With(Token("u1"), roles: []));

        Unchanged(row);
        row.RoleSetAt.ShouldBeNull();
    }

    [Fact]
    public async Task AFailedWrite_IsLogged_AndTheNextOneStillRuns()
    {
        await ProvisionAsync("u1");
        await ProvisionAsync("u2");
        var cache = new ShadowUserCache(Options.Create(new AuthOptions()), _clock) { Synchronised = true };
        var refresher = new ShadowUserRefresher(new FailingOnceScopes(Scopes()), cache, Options.Create(new AuthOptions { ShadowRefreshInterval = Interval }),
            _clock, _logger);
        await refresher.StartAsync(CancellationToken.None);
        try
        {
            refresher.Observe(await ReadAsync("u1"), Token("u1"));
            refresher.Observe(await ReadAsync("u2"), Token("u2"));

            var second = await Eventually.ReturnsAsync(() => ReadAsync("u2"), r => r.LastSeenAt is not null);
            second.LastSeenAt.ShouldBe(Now);
            (await ReadAsync("u1")).LastSeenAt.ShouldBeNull();
            _logger.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains("u1") && e.Exception is InvalidOperationException);
        }
        finally
        {
            await refresher.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The row of <paramref name="token"/>'s user, after a refresher saw it with that token while due.</summary>
    private async Task<ShadowUser> SeenAsync(Principal token)
    {
        await ProvisionAsync(token.UserId);
        var cache = new ShadowUserCache(Options.Create(new AuthOptions()), _clock) { Synchronised = true };
        var refresher = new ShadowUserRefresher(Scopes(), cache, Options.Create(new AuthOptions { ShadowRefreshInterval = Interval }), _clock, _logger);
        await refresher.StartAsync(CancellationToken.None);
        try
        {
            var before = await ReadAsync(token.UserId);
            before.LastSeenAt.ShouldBeNull();
            cache.Set(before, cache.Generation(before.Id));

            refresher.Observe(before, token);

            var row = await Eventually.ReturnsAsync(() => ReadAsync(token.UserId), r => r.LastSeenAt is not null);
            row.LastSeenAt.ShouldBe(Now, "every due user is written: at least last_seen_at");
            _logger.Entries.ShouldBeEmpty();
            return row;
        }
        finally
        {
            await refresher.StopAsync(CancellationToken.None);
        }
    }

    private static void Unchanged(ShadowUser row)
    {
        (row.Email, row.Name, row.EmailVerified, row.Role).ShouldBe(($"{row.Id}@example.com", $"User {row.Id}", true, ShadowUserStore.DefaultRole));
        row.UpdatedAt.ShouldBe(RowChangedAt, "only last_seen_at moved");
    }

    /// <summary>The row as a role-less token created it a day ago: Auther's default role, never seen since.</summary>
    private async Task ProvisionAsync(string userId)
    {
        await using var db = TestDatabases.CreateContext(_connectionString);
        var store = new ShadowUserStore(db, Options.Create(new DatabaseOptions()), new TestClock(RowChangedAt), NullLogger<ShadowUserStore>.Instance);
        (await store.ProvisionAsync(With(Token(userId), roles: []), CancellationToken.None)).ShouldBeTrue();
    }

    private async Task<ShadowUser> ReadAsync(string userId)
    {
        await using var db = TestDatabases.CreateContext(_connectionString);
        return ShadowUser.From(await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId), Now);
    }

    private IServiceScopeFactory Scopes() => _services!.GetRequiredService<IServiceScopeFactory>();

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

    /// <summary>An Auther token issued after the row's last change, agreeing with the row in every field.</summary>
    private static Principal Token(string userId) => new()
    {
        UserId = userId, Email = $"{userId}@example.com", Name = $"User {userId}", EmailVerified = true, Roles = [ShadowUserStore.DefaultRole],
        Method = AuthMethod.Jwt, IssuedAt = IssuedAt,
    };

    private static Principal With(Principal token, string? email = null, string? name = null, bool? emailVerified = null, IReadOnlyList<string>? roles = null) => new()
    {
        UserId = token.UserId, Email = email ?? token.Email, Name = name ?? token.Name, EmailVerified = emailVerified ?? token.EmailVerified,
        Roles = roles ?? token.Roles, Method = token.Method, IssuedAt = token.IssuedAt,
    };

    /// <summary>The first scope cannot be created (the database is unreachable, say); the rest are the real ones.</summary>
    private sealed class FailingOnceScopes(IServiceScopeFactory inner) : IServiceScopeFactory
    {
        private int _calls;

        public IServiceScope CreateScope() =>
            Interlocked.Increment(ref _calls) == 1 ? throw new InvalidOperationException("database down") : inner.CreateScope();
    }
}
