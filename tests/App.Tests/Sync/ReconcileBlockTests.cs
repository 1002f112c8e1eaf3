using System.Net;
using App.Api.Sync;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Tests.Sync;

/// <summary>
/// Deployed Auther never announces a deletion: reconciliation's confirmed-missing users are blocked by default
/// (their tokens answer 401 account_deleted on every instance, their data stays) until Auther lists them again.
/// </summary>
public sealed class ReconcileBlockTests : IAsyncLifetime
{
    private readonly ReconcileFixture _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task UserGoneFromAuther_IsBlockedByDefault_OnEveryInstance_AndUnblockedWhenListedAgain()
    {
        await _api.UserInBothAsync();
        var gone = await _api.UserInBothAsync();
        var token = _api.TokenFor(gone);
        var second = _api.CreateInstance();
        (await _api.ClientWith(token, second).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _api.Auther.Remove(gone);

        var report = await _api.RunAsync(_api.Services.GetRequiredService<IOptions<ReconcileOptions>>().Value.ResolvedOnMissing);

        report.Blocked.ShouldBe([gone]);
        foreach (var instance in new[] { _api.Factory, second })
        {
            using var refused = await Eventually.ReturnsAsync(() => _api.ClientWith(token, instance).GetAsync("/api/me"),
                r => r.StatusCode == HttpStatusCode.Unauthorized);
            (await ProblemAssert.IsProblemAsync(refused, 401)).GetProperty("code").GetString().ShouldBe("account_deleted");
        }

        await using (var db = _api.CreateDbContext())
        {
            (await db.Users.SingleAsync(u => u.Id == gone)).MissingSince.ShouldNotBeNull();
        }

        (await _api.RunAsync(MissingUserAction.Block)).StillBlocked.ShouldBe(1);
        _api.Auther.CreateUser($"{gone}@example.com", $"User {gone}", gone);
        (await _api.RunAsync(MissingUserAction.Block)).Unblocked.ShouldBe([gone]);
        var status = await Eventually.ReturnsAsync(async () => (await _api.ClientWith(token, second).GetAsync("/api/me")).StatusCode,
            s => s == HttpStatusCode.OK);
        status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Blocking_IsRefused_WhenItWouldBlockMoreThanTheLimit()
    {
        for (var i = 0; i < 4; i++)
        {
            await _api.UserInBothAsync();
        }

        var local = new[] { await _api.LocalOnlyAsync(), await _api.LocalOnlyAsync() };

        var report = await _api.RunAsync(MissingUserAction.Block);

        report.DeletionRefused.ShouldNotBeNull().ShouldContain("2 blocks exceed the limit of 1");
        report.Blocked.ShouldBeEmpty();
        await using var db = _api.CreateDbContext();
        (await db.Users.CountAsync(u => local.Contains(u.Id) && u.MissingSince != null)).ShouldBe(0);
    }
}
