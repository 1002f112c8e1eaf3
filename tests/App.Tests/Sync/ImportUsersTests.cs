using App.Api.IdentityProvider;
using App.Api.Sync;
using App.Data;
using App.Data.Users;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Sync;

/// <summary>The cut-over's bulk import into Auther, keeping ids. Each test owns its database (own fixture).</summary>
public sealed class ImportUsersTests : IAsyncLifetime
{
    private readonly ApiFixture _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Import_CreatesEveryLocalUserInAutherKeepingTheirIds_AndARerunSkipsThemAll()
    {
        var ids = await SeedLocalUsersAsync(5);

        var first = await RunAsync(new ImportOptions(DryRun: false, PageSize: 2));
        var second = await RunAsync(new ImportOptions(DryRun: false, PageSize: 2));

        (first.Created, first.Skipped, first.Failures.Count).ShouldBe((5, 0, 0));
        (second.Created, second.Skipped, second.Failures.Count).ShouldBe((0, 5, 0));
        foreach (var id in ids)
        {
            _api.Auther.FindUser(id)!.Email.ShouldBe($"{id}@example.com");
        }
    }

    [Fact]
    public async Task DryRun_ReportsWhatWouldBeCreated_AndCreatesNothing()
    {
        var ids = await SeedLocalUsersAsync(3);

        var summary = await RunAsync(new ImportOptions(DryRun: true));

        summary.WouldCreate.ShouldBe(3);
        ids.ShouldAllBe(id => _api.Auther.FindUser(id) == null);
    }

    [Fact]
    public async Task Conflicts_AreReportedAndLeftAlone_UsersWithoutEmailFail_TheRestImport()
    {
        var ids = await SeedLocalUsersAsync(2);
        _api.Auther.CreateUser("someone-else@example.com", id: ids[0]);
        _api.Auther.CreateUser($"{ids[1]}@example.com");
        var noEmail = await SeedLocalUserAsync(email: null);
        var fine = await SeedLocalUserAsync();

        var summary = await RunAsync(new ImportOptions(DryRun: false));

        summary.Created.ShouldBe(1);
        summary.Failures.Select(f => f.UserId).ShouldBe([ids[0], ids[1], noEmail], ignoreOrder: true);
        summary.Failures.Single(f => f.UserId == ids[0]).Reason.ShouldContain("another email");
        summary.Failures.Single(f => f.UserId == ids[1]).Reason.ShouldContain("belongs to Auther user");
        _api.Auther.FindUser(ids[0])!.Email.ShouldBe("someone-else@example.com");
        _api.Auther.FindUser(fine).ShouldNotBeNull();
    }

    [Fact]
    public async Task BlockedAndTombstonedRows_AreNotRecreatedInAuther_AndAreReportedApartWithTheirIds()
    {
        var fine = await SeedLocalUserAsync();
        var blocked = await SeedLocalUserAsync(configure: u => u.MissingSince = DateTimeOffset.UtcNow.AddHours(-1));
        var deleted = await SeedLocalUserAsync();
        await using (var db = _api.CreateDbContext())
        {
            db.UserTombstones.Add(new UserTombstone { UserId = deleted, DeletedAt = DateTimeOffset.UtcNow.AddHours(-1) });
            await db.SaveChangesAsync();
        }

        var output = new StringWriter();
        var summary = await RunAsync(new ImportOptions(DryRun: false), output);
        await summary.PrintAsync(output);
        var again = await RunAsync(new ImportOptions(DryRun: false));

        (summary.Created, summary.Failures.Count).ShouldBe((1, 0));
        summary.Blocked.ShouldBe([blocked]);
        summary.Tombstoned.ShouldBe([deleted]);
        again.Blocked.ShouldBe([blocked]);
        again.Tombstoned.ShouldBe([deleted]);
        _api.Auther.FindUser(fine).ShouldNotBeNull();
        _api.Auther.FindUser(blocked).ShouldBeNull();
        _api.Auther.FindUser(deleted).ShouldBeNull();
        var printed = output.ToString();
        printed.ShouldContain("1 blocked (removed in Auther, left alone), 1 deleted (tombstoned, left alone)");
        printed.ShouldContain($"blocked {blocked}");
        printed.ShouldContain($"deleted {deleted}");
    }

    [Fact]
    public async Task ABannedLocalUser_IsBannedInAutherWithTheLocalReasonAndWhatIsLeftOfTheBan_AndThePollKeepsTheBan()
    {
        var until = DateTimeOffset.UtcNow.AddDays(2);
        var forAWhile = await SeedLocalUserAsync(configure: u => (u.Banned, u.BanReason, u.BanExpires) = (true, "fraud (legacy system)", until));
        var forGood = await SeedLocalUserAsync(configure: u => (u.Banned, u.BanReason) = (true, "spam"));
        var banOver = await SeedLocalUserAsync(configure: u => (u.Banned, u.BanReason, u.BanExpires) = (true, "old", DateTimeOffset.UtcNow.AddDays(-1)));

        var summary = await RunAsync(new ImportOptions(DryRun: false));

        (summary.Created, summary.Failures.Count).ShouldBe((3, 0));
        var banned = _api.Auther.FindUser(forAWhile)!;
        (banned.Banned, banned.BanReason).ShouldBe((true, "fraud (legacy system)"));
        banned.BanExpires.ShouldNotBeNull().ShouldBeInRange(until, until.AddSeconds(30));
        (_api.Auther.FindUser(forGood)!.Banned, _api.Auther.FindUser(forGood)!.BanReason, _api.Auther.FindUser(forGood)!.BanExpires)
            .ShouldBe((true, "spam", null));
        _api.Auther.FindUser(banOver)!.Banned.ShouldBeFalse();

        await _api.Services.GetRequiredService<SyncService>().RunOnceAsync(full: true, CancellationToken.None);

        await using var db = _api.CreateDbContext();
        var row = await db.Users.SingleAsync(u => u.Id == forAWhile);
        (row.Banned, row.BanReason).ShouldBe((true, "fraud (legacy system)"));
        (await db.Users.SingleAsync(u => u.Id == forGood)).Banned.ShouldBeTrue();
    }

    [Fact]
    public async Task WhenBanningTheNewAutherUserFails_ItIsRemovedAgain_AndTheUserIsReportedFailed()
    {
        var banned = await SeedLocalUserAsync(configure: u => (u.Banned, u.BanReason) = (true, "fraud (legacy system)"));
        var fine = await SeedLocalUserAsync();
        _api.Auther.AnswerWith("/api/auth/admin/ban-user", 400, "application/json", """{"code":"BAN_REFUSED","message":"ban refused"}""");

        var summary = await RunAsync(new ImportOptions(DryRun: false));

        summary.Created.ShouldBe(1);
        var (userId, reason) = summary.Failures.ShouldHaveSingleItem();
        userId.ShouldBe(banned);
        reason.ShouldContain("banning it in Auther failed");
        reason.ShouldContain("removed again");
        _api.Auther.FindUser(banned).ShouldBeNull();
        _api.Auther.FindUser(fine).ShouldNotBeNull();

        await _api.Services.GetRequiredService<SyncService>().RunOnceAsync(full: true, CancellationToken.None);
        await using var db = _api.CreateDbContext();
        (await db.Users.SingleAsync(u => u.Id == banned)).Banned.ShouldBeTrue();
    }

    [Fact]
    public async Task Checkpoint_LetsAnInterruptedRunResumeAfterTheLastImportedUser()
    {
        var ids = (await SeedLocalUsersAsync(4)).Order(StringComparer.Ordinal).ToList();
        var checkpoint = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(checkpoint, ids[1]);

            var summary = await RunAsync(new ImportOptions(DryRun: false, CheckpointFile: checkpoint));

            summary.Created.ShouldBe(2);
            _api.Auther.FindUser(ids[0]).ShouldBeNull();
            _api.Auther.FindUser(ids[3]).ShouldNotBeNull();
            (await File.ReadAllTextAsync(checkpoint)).ShouldBe(ids[3]);
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }

    [Fact]
    public async Task TheCliVerb_PrintsProgressAndASummary()
    {
        await SeedLocalUsersAsync(2);
        var (exitCode, output, stderr) = await ApiProcess.RunAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = _api.ConnectionString,
            ["Auther__Url"] = _api.Auther.BaseUrl.ToString(),
            ["Auther__Audience"] = ApiFixture.Audience,
            ["Auther__WebhookSecrets__0"] = ApiFixture.WebhookSecret,
            ["Auther__SignupSecret"] = ApiFixture.SignupSecret,
            ["Auther__AdminApiKey"] = ApiFixture.AdminApiKey,
            ["Serilog__MinimumLevel__Default"] = "Warning",
        }, "import-users", "--dry-run");

        exitCode.ShouldBe(0, stderr);
        output.ShouldContain("2 would be created");
        output.ShouldContain("0 failed");
    }

    private async Task<ImportSummary> RunAsync(ImportOptions options, TextWriter? output = null)
    {
        await using var scope = _api.Services.CreateAsyncScope();
        var import = new ImportUsers(scope.ServiceProvider.GetRequiredService<AppDbContext>(),
            scope.ServiceProvider.GetRequiredService<AutherClient>(), TimeProvider.System, output ?? TextWriter.Null);
        return await import.RunAsync(options, CancellationToken.None);
    }

    private async Task<List<string>> SeedLocalUsersAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await SeedLocalUserAsync());
        }

        return ids;
    }

    private async Task<string> SeedLocalUserAsync(string? email = "", Action<User>? configure = null)
    {
        var id = TestData.NewUserId();
        await using var db = _api.CreateDbContext();
        var user = new User
        {
            Id = id,
            Email = email == string.Empty ? $"{id}@example.com" : email,
            Name = "Legacy User",
            EmailVerified = true,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        configure?.Invoke(user);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return id;
    }
}
