using System.Net;
using App.Api.Sync;
using App.Data.AuditLogs;
using App.Data.Users;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace App.Tests.Sync;

/// <summary>
/// Drift that missed webhooks leave, repaired against the local Auther's user list. Every test gets its own
/// database and Auther: what counts as "missing" depends on every user in them.
/// </summary>
public sealed class ReconcileTests : IAsyncLifetime
{
    private readonly ReconcileFixture _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task MissedEmailChangeAndBan_AreBroughtOntoTheShadowRow_AndTheBanCutsTheUserOff()
    {
        var userId = await _api.UserInBothAsync();
        var token = _api.TokenFor(userId);
        (await _api.ClientWith(token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _api.Auther.UpdateProfile(userId, email: "renamed@example.com");
        _api.Auther.Ban(userId, "abuse");

        var report = await _api.RunAsync(MissingUserAction.Report);

        report.Updated.ShouldBe([userId]);
        report.Banned.ShouldBe([userId]);
        await using var db = _api.CreateDbContext();
        var row = await db.Users.SingleAsync(u => u.Id == userId);
        (row.Email, row.Banned, row.BanReason).ShouldBe(("renamed@example.com", true, "abuse"));
        var status = await Eventually.ReturnsAsync(async () => (await _api.ClientWith(token).GetAsync("/api/me")).StatusCode,
            s => s == HttpStatusCode.Forbidden);
        status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task UserGoneFromAuther_IsOnlyListed_WhenTheActionIsReport()
    {
        var kept = await _api.UserInBothAsync();
        var gone = await _api.UserInBothAsync();
        _api.Auther.Remove(gone);

        var report = await _api.RunAsync(MissingUserAction.Report);

        report.Missing.ShouldBe([gone]);
        report.Deleted.ShouldBeEmpty();
        await using var db = _api.CreateDbContext();
        (await db.Users.CountAsync(u => (u.Id == gone || u.Id == kept) && u.MissingSince == null)).ShouldBe(2);
    }

    [Fact]
    public async Task UserGoneFromAuther_WithDeletionOn_IsDeletedLikeAUserDeletedWebhook()
    {
        await _api.UserInBothAsync();
        var gone = await _api.UserInBothAsync();
        await using (var db = _api.CreateDbContext())
        {
            db.AuditLogs.Add(new AuditLog { ActorId = gone, ActorEmail = $"{gone}@example.com", ActorName = "Gone", Action = "expense.created", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var token = _api.TokenFor(gone);
        _api.Auther.Remove(gone);

        var report = await _api.RunAsync(MissingUserAction.Delete);

        report.Deleted.ShouldBe([gone]);
        await using var check = _api.CreateDbContext();
        (await check.Users.AnyAsync(u => u.Id == gone)).ShouldBeFalse();
        (await check.UserTombstones.AnyAsync(t => t.UserId == gone)).ShouldBeTrue();
        var history = await check.AuditLogs.SingleAsync(a => a.ActorId == gone);
        (history.ActorEmail, history.ActorName).ShouldBe((AuditLog.Scrubbed, AuditLog.Scrubbed));
        (await check.AuditLogs.SingleAsync(a => a.Subject == $"user:{gone}")).ActorId.ShouldBe(Reconciliation.Actor.UserId);
        using var refused = await _api.ClientWith(token).GetAsync("/api/me");
        (await ProblemAssert.IsProblemAsync(refused, 401)).GetProperty("code").GetString().ShouldBe("account_deleted");
    }

    [Fact]
    public async Task Deletion_IsRefused_WhenAutherListsTooFewUsers()
    {
        await _api.UserInBothAsync();
        var local = new[] { await _api.GoneFromAutherAsync(), await _api.GoneFromAutherAsync(), await _api.GoneFromAutherAsync() };

        var report = await _api.RunAsync(MissingUserAction.Delete);

        report.Missing.ShouldBe(local.Order(StringComparer.Ordinal).ToList());
        report.DeletionRefused.ShouldNotBeNull().ShouldContain("fewer than");
        report.Deleted.ShouldBeEmpty();
    }

    [Fact]
    public async Task Deletion_IsRefused_WhenItWouldDeleteMoreThanTheLimit()
    {
        for (var i = 0; i < 6; i++)
        {
            await _api.UserInBothAsync();
        }

        await _api.GoneFromAutherAsync();
        await _api.GoneFromAutherAsync();

        var report = await _api.RunAsync(MissingUserAction.Delete);

        report.DeletionRefused.ShouldNotBeNull().ShouldContain("exceed the limit of 1");
        report.Deleted.ShouldBeEmpty();
    }

    [Fact]
    public async Task Deletion_IsRefused_WhenAPageOfTheListingFailed()
    {
        await _api.UserInBothAsync();
        await _api.GoneFromAutherAsync();
        _api.Auther.Unavailable = true;

        var report = await _api.RunAsync(MissingUserAction.Delete);

        report.PageFailure.ShouldNotBeNull();
        report.DeletionRefused.ShouldNotBeNull().ShouldContain("could not be read");
        report.Deleted.ShouldBeEmpty();
    }

    [Fact]
    public async Task ARunWhoseListingFailed_IsLoggedAsAWarning_ThatNothingWasBlocked_NotAsUsersGone()
    {
        await _api.UserInBothAsync();
        await _api.GoneFromAutherAsync();
        _api.Auther.Unavailable = true;
        var log = new RecordingLogger<ReconcileService>();
        var service = ActivatorUtilities.CreateInstance<ReconcileService>(_api.Services, log);

        service.Log(await service.RunOnceAsync(MissingUserAction.Block, dryRun: false, CancellationToken.None));

        var (level, message, _) = log.Entries.ShouldHaveSingleItem();
        level.ShouldBe(LogLevel.Warning);
        message.ShouldContain("could not be read");
        message.ShouldContain("nothing was blocked or deleted");
        message.ShouldNotContain("newly gone");
    }

    [Fact]
    public async Task AUserSkippedBecauseTheOffsetPagesShifted_IsFoundByTheConfirmingListing_AndNotDeleted()
    {
        // Page size 2 (the fixture): pages are [first, second] then offset 2. Removing `first` from Auther
        // between the two pages shifts `third` to offset 1, so the first listing never sees it.
        var first = await _api.UserInBothAsync();
        await _api.UserInBothAsync();
        var third = await _api.UserInBothAsync();
        var listings = 0;
        _api.Auther.RequestObserver = path =>
        {
            if (path == "/api/auth/admin/list-users" && Interlocked.Increment(ref listings) == 2)
            {
                _api.Auther.Remove(first);
            }
        };

        var report = await _api.RunAsync(MissingUserAction.Delete);

        report.Reappeared.ShouldBe([third]);
        report.Missing.ShouldBeEmpty();
        report.Deleted.ShouldBeEmpty();
        report.Summary().ShouldContain("1 found again by the confirming listing (kept)");
        await using var db = _api.CreateDbContext();
        (await db.Users.AnyAsync(u => u.Id == third)).ShouldBeTrue();

        // `first` really is gone: absent from both listings of the next run, it is deleted then.
        _api.Auther.RequestObserver = null;
        (await _api.RunAsync(MissingUserAction.Delete)).Deleted.ShouldBe([first]);
    }

    [Fact]
    public async Task OnlyOneRunAtATime_AcrossInstances()
    {
        await using var held = await OperationLock.TryAcquireAsync(_api.ConnectionString, OperationLock.Reconcile, CancellationToken.None);
        held.ShouldNotBeNull();

        var report = await _api.RunAsync(MissingUserAction.Report);

        report.Skipped.ShouldBeTrue();
    }

    [Fact]
    public async Task DryRun_ReportsAndChangesNothing()
    {
        var userId = await _api.UserInBothAsync();
        _api.Auther.Ban(userId, "abuse");

        var report = await _api.RunAsync(MissingUserAction.Report, dryRun: true);

        report.Banned.ShouldBe([userId]);
        await using var db = _api.CreateDbContext();
        (await db.Users.SingleAsync(u => u.Id == userId)).Banned.ShouldBeFalse();
    }
}
