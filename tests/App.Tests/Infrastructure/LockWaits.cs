using Microsoft.EntityFrameworkCore;

namespace App.Tests.Infrastructure;

/// <summary>For tests that hold a row or index lock in one transaction while a request runs into it.</summary>
public static class LockWaits
{
    /// <summary>Returns once some session of the fixture's database waits on a lock: the request has reached the held row.</summary>
    public static async Task SomeoneWaitsAsync(ApiFixture api)
    {
        await using var db = api.CreateDbContext();
        var waiting = await Eventually.ReturnsAsync(
            () => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()").SingleAsync(),
            count => count > 0);
        waiting.ShouldBeGreaterThan(0, "no request ever waited on the held lock");
    }
}
