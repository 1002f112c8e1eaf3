using System.Net;
using System.Net.Http.Headers;
using App.Api.Auth.Legacy;
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
    public async Task ALocalUserNeverSeenInAuther_KeepsWorkingWithTheirLegacySession_AndIsReportedAsNotYetInAuther()
    {
        await _api.UserInBothAsync();
        var legacy = await _api.LocalOnlyAsync();
        string session;
        await using (var scope = _api.Services.CreateAsyncScope())
        {
            session = (await ActivatorUtilities.CreateInstance<LegacySessionIssuer>(scope.ServiceProvider).CreateAsync(legacy, TimeSpan.FromHours(1)))!;
        }

        using var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Session", session);
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var report = await _api.RunAsync(MissingUserAction.Block);

        report.NotYetInAuther.ShouldBe([legacy]);
        report.Missing.ShouldBeEmpty();
        report.Blocked.ShouldBeEmpty();
        report.Summary().ShouldContain("not yet in Auther: 1");
        (await _api.RunAsync(MissingUserAction.Delete)).Deleted.ShouldBeEmpty();
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = _api.CreateDbContext();
        var row = await db.Users.SingleAsync(u => u.Id == legacy);
        (row.MissingSince, row.SeenInAutherAt).ShouldBe((null, null));
    }

    [Fact]
    public async Task AUserProvisionedFromAnAutherToken_AndThenRemovedThere_IsBlockedByALaterReconcile()
    {
        await _api.UserInBothAsync();
        var userId = TestData.NewUserId();
        _api.Auther.CreateUser($"{userId}@example.com", $"User {userId}", userId);
        var token = _api.TokenFor(userId);
        (await _api.ClientWith(token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _api.Auther.Remove(userId);

        (await _api.RunAsync(MissingUserAction.Block)).Blocked.ShouldBe([userId]);

        using var refused = await Eventually.ReturnsAsync(() => _api.ClientWith(token).GetAsync("/api/me"), r => r.StatusCode == HttpStatusCode.Unauthorized);
        (await ProblemAssert.IsProblemAsync(refused, 401)).GetProperty("code").GetString().ShouldBe("account_deleted");
    }

    [Fact]
    public async Task AnImportedLegacyUser_IsSeenByTheNextListing_AndBlockedOnceRemovedFromAuther()
    {
        await _api.UserInBothAsync();
        var imported = await _api.UserInBothAsync(seenInAuther: false);

        var first = await _api.RunAsync(MissingUserAction.Block);
        _api.Auther.Remove(imported);
        var second = await _api.RunAsync(MissingUserAction.Block);

        first.Updated.ShouldBeEmpty();
        second.Blocked.ShouldBe([imported]);
    }

    [Fact]
    public async Task ThePoll_MarksTheUsersItListsAsSeenInAuther()
    {
        var imported = await _api.UserInBothAsync(seenInAuther: false);

        await _api.Services.GetRequiredService<SyncService>().RunOnceAsync(full: true, CancellationToken.None);

        await using var db = _api.CreateDbContext();
        (await db.Users.SingleAsync(u => u.Id == imported)).SeenInAutherAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Blocking_IsRefused_WhenItWouldBlockMoreThanTheLimit()
    {
        for (var i = 0; i < 4; i++)
        {
            await _api.UserInBothAsync();
        }

        var local = new[] { await _api.GoneFromAutherAsync(), await _api.GoneFromAutherAsync() };

        var report = await _api.RunAsync(MissingUserAction.Block);

        report.DeletionRefused.ShouldNotBeNull().ShouldContain("2 blocks exceed the limit of 1");
        report.Blocked.ShouldBeEmpty();
        await using var db = _api.CreateDbContext();
        (await db.Users.CountAsync(u => local.Contains(u.Id) && u.MissingSince != null)).ShouldBe(0);
    }
}
