using Microsoft.EntityFrameworkCore;
using Npgsql;

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

    /// <summary>
    /// Holds the transaction-scoped advisory lock <c>UserLock</c> takes for <paramref name="userId"/>, on a connection of its
    /// own, until that connection is closed.
    /// </summary>
    public static async Task<NpgsqlConnection> HoldUserLockAsync(ApiFixture api, string userId)
    {
        var held = new NpgsqlConnection(api.ConnectionString);
        await held.OpenAsync();
        await using var hold = new NpgsqlCommand("BEGIN; SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", held);
        hold.Parameters.AddWithValue("key", "user:" + userId);
        await hold.ExecuteNonQueryAsync();
        return held;
    }

    /// <summary>
    /// Whether <paramref name="work"/> is seen waiting for <paramref name="userId"/>'s lock (in <c>pg_locks</c>) while
    /// <paramref name="held"/> holds it, before it completes; polls for up to 30 seconds.
    /// </summary>
    public static async Task<bool> WaitsForTheUserLockAsync(NpgsqlConnection held, string userId, Task work)
    {
        for (var attempt = 0; attempt < 300 && !work.IsCompleted; attempt++)
        {
            await Task.Delay(100);
            await using var command = new NpgsqlCommand("""
                SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                    WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()
                      AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended(@key, 0))
                """, held);
            command.Parameters.AddWithValue("key", "user:" + userId);
            if ((bool)(await command.ExecuteScalarAsync())!)
            {
                return !work.IsCompleted;
            }
        }

        return false;
    }
}
