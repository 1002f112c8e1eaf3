using System.Diagnostics;
using System.Net;
using App.Api.Sync;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Sync;

/// <summary>
/// Changes made in Auther itself (its admin UI: no webhook reaches the app) arrive through the poll, on every
/// instance, within the interval; a quiet poll costs one request and writes nothing.
/// </summary>
public sealed class UserPollTests : IAsyncLifetime
{
    private readonly SyncFixture _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task BanMadeInAuther_CutsALiveTokenOff_OnTwoInstances_WithinTheInterval_AndUnbanLetsItBackIn()
    {
        var second = _api.CreateInstance();
        var (userId, token) = await _api.SignedInUserAsync();
        (await _api.ClientWith(token, second).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        _api.Auther.Ban(userId, "spam");

        foreach (var instance in new[] { _api.Factory, second })
        {
            using var refused = await Eventually.ReturnsAsync(() => _api.ClientWith(token, instance).GetAsync("/api/me"),
                r => r.StatusCode == HttpStatusCode.Forbidden, within: SyncFixture.Interval + TimeSpan.FromSeconds(10));
            (await ProblemAssert.IsProblemAsync(refused, 403)).GetProperty("code").GetString().ShouldBe("account_deactivated");
        }

        _api.Auther.Unban(userId);

        var back = await Eventually.ReturnsAsync(async () => (await _api.ClientWith(token, second).GetAsync("/api/me")).StatusCode,
            s => s == HttpStatusCode.OK, within: SyncFixture.Interval + TimeSpan.FromSeconds(10));
        back.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RoleAndProfileChangedInAuther_ReachTheShadowRow()
    {
        var (userId, _) = await _api.SignedInUserAsync();

        _api.Auther.UpdateProfile(userId, name: "Renamed", email: $"new-{userId}@example.com", image: "https://img.example/a.png");

        var row = await Eventually.ReturnsAsync(() => _api.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == userId)),
            u => u.Name == "Renamed", within: TimeSpan.FromSeconds(15));
        (row.Name, row.Email, row.Image).ShouldBe(("Renamed", $"new-{userId}@example.com", "https://img.example/a.png"));
    }

    [Fact]
    public async Task QuietPolls_MakeOneListUsersRequestPerInterval_AcrossTwoInstances_AndWriteNothing()
    {
        _api.CreateInstance();
        await _api.SignedInUserAsync();
        await _api.SignedInUserAsync();
        await Eventually.ReturnsAsync(() => _api.QueryAsync(db => db.SyncWatermarks.AnyAsync()), any => any);
        await WaitForRequestsAsync(2);
        var before = await RowVersionsAsync();

        var clock = Stopwatch.StartNew();
        await WaitForRequestsAsync(4);
        clock.Stop();

        // Two instances each polling would make 4 requests in about 2 intervals: one poller needs at least 3.
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(SyncFixture.Interval * 2.7);
        (await RowVersionsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task WhileAutherIsDown_TheWatermarkIsKept_AndTheNextPollCatchesUp()
    {
        var (userId, token) = await _api.SignedInUserAsync();
        await Eventually.ReturnsAsync(() => _api.QueryAsync(db => db.SyncWatermarks.AnyAsync()), any => any);
        var watermark = await _api.QueryAsync(db => db.SyncWatermarks.AsNoTracking().SingleAsync());
        _api.Auther.Unavailable = true;
        _api.Auther.Ban(userId, "while down");
        await WaitForRequestsAsync(2);

        (await _api.QueryAsync(db => db.SyncWatermarks.AsNoTracking().SingleAsync())).Watermark.ShouldBe(watermark.Watermark);
        (await _api.ClientWith(token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _api.Auther.Unavailable = false;

        var status = await Eventually.ReturnsAsync(async () => (await _api.ClientWith(token).GetAsync("/api/me")).StatusCode,
            s => s == HttpStatusCode.Forbidden, within: TimeSpan.FromSeconds(15));
        status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task UsersWithoutAShadowRow_AreNotCreated()
    {
        var stranger = TestData.NewUserId();
        _api.Auther.CreateUser($"{stranger}@example.com", "Stranger", stranger);
        _api.Auther.Ban(stranger);

        var report = await _api.Services.GetRequiredService<SyncService>().RunOnceAsync(full: true, CancellationToken.None);

        report.Failure.ShouldBeNull();
        (await _api.QueryAsync(db => db.Users.AnyAsync(u => u.Id == stranger))).ShouldBeFalse();
    }

    private async Task WaitForRequestsAsync(int more)
    {
        var target = _api.Auther.RequestCount(SyncFixture.ListUsers) + more;
        var count = await Eventually.ReturnsAsync(() => Task.FromResult(_api.Auther.RequestCount(SyncFixture.ListUsers)),
            c => c >= target, within: SyncFixture.Interval * more + TimeSpan.FromSeconds(15));
        count.ShouldBeGreaterThanOrEqualTo(target);
    }

    /// <summary>xmin changes with every write of a row: equal lists mean nothing was written.</summary>
    private Task<List<string>> RowVersionsAsync() => _api.QueryAsync(db => db.Database
        .SqlQueryRaw<string>("SELECT id || ':' || xmin::text AS \"Value\" FROM users UNION ALL SELECT name || ':' || xmin::text FROM sync_watermarks ORDER BY 1")
        .ToListAsync());
}
