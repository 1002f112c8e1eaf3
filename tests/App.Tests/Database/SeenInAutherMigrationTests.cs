using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Tests.Database;

/// <summary>
/// The migration that adds <c>users.seen_in_auther_at</c> marks the existing rows that hold Auther's state as seen,
/// and leaves local-only rows unseen, so the first reconciliation after the upgrade blocks no legacy user.
/// </summary>
public sealed class SeenInAutherMigrationTests : IAsyncLifetime
{
    private string _database = string.Empty;

    public async Task InitializeAsync() => _database = await TestDatabases.CreateEmptyAsync("seeninauther");

    public Task DisposeAsync() => TestDatabases.DropAsync(_database);

    [Fact]
    public async Task RowsThatHoldAuthersState_AreMarkedSeen_LocalOnlyRowsAreNot()
    {
        var eventAt = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        await using (var db = TestDatabases.CreateContext(_database))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261204164352_RoleSetAt");
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO users (id, email, email_verified, banned, created_at, updated_at, last_event_at)
                VALUES ('from-auther', 'a@example.com', true, false, now(), now(), {eventAt}),
                       ('legacy-only', 'l@example.com', true, false, now(), now(), NULL)
                """);
            await db.Database.MigrateAsync();
        }

        await using var check = TestDatabases.CreateContext(_database);
        var seen = await check.Users.ToDictionaryAsync(u => u.Id, u => u.SeenInAutherAt);
        seen["from-auther"].ShouldBe(eventAt);
        seen["legacy-only"].ShouldBeNull();
    }
}
