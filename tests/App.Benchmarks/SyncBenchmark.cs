using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using App.Api.Sync;
using Auther.Dev;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace App.Benchmarks;

/// <summary>
/// The user poll against a local Auther holding <c>--users</c> users, all with stale shadow rows: (a) the first
/// pass from a cold watermark, (b) quiet passes (one request, no write, checked by <c>xmin</c>), (c) a pass after
/// <c>--changed</c> users changed. Seeding (Auther's state file, the shadow rows by one INSERT) is not timed.
/// </summary>
internal static class SyncBenchmark
{
    public const string Options = "--users 100000 --page-size 1000 --polls 20 --changed 100";
    private const string ListUsers = "/api/auth/admin/list-users";
    private const string AdminApiKey = "bench-admin-api-key";

    public static async Task<int> RunAsync(string[] args)
    {
        var userCount = Args.Int(args, "--users", 100_000);
        var pageSize = Args.Int(args, "--page-size", 1000);
        var polls = Args.Int(args, "--polls", 20);
        var changeCount = Math.Min(userCount, Args.Int(args, "--changed", 100));
        var stateFile = Path.Combine(Path.GetTempPath(), $"sync-bench-{Guid.NewGuid():N}.json");
        try
        {
            await WriteAutherStateAsync(stateFile, userCount);
            await using var auther = await AutherDevServer.StartAsync(new AutherDevOptions
            {
                Audience = "app-api", AdminApiKey = AdminApiKey, StateFile = stateFile,
            });
            await using var api = await BenchmarkApi.StartAsync(durable: true, settings: new Dictionary<string, string?>
            {
                ["Auther:Url"] = auther.BaseUrl.ToString().TrimEnd('/'),
                ["Auther:Issuers:0"] = auther.Issuer,
                ["Auther:AdminApiKey"] = AdminApiKey,
                ["Reconcile:Enabled"] = "false",
                // A loaded two-core machine can take longer than the 5 s default to answer a page.
                ["Auther:Client:AdminTimeout"] = "00:00:30",
                // Passes are run here, one at a time, not by the background poller.
                ["Sync:Enabled"] = "false",
                ["Sync:PageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            });
            await SeedShadowRowsAsync(api.ConnectionString, userCount);
            var sync = api.Services.GetRequiredService<SyncService>();
            Console.WriteLine($"user sync: {userCount:N0} Auther users with stale shadow rows, page size {pageSize}, {Environment.ProcessorCount} cores, " +
                              $"load average {Args.LoadAverage()}");

            var (cold, coldTime, coldRequests) = await PassAsync(sync, auther);
            Console.WriteLine($"(a) cold watermark: {coldTime.TotalSeconds:0.0} s, {userCount / coldTime.TotalSeconds:N0} users/s, " +
                              $"{coldRequests} list-users requests, {cold.Read:N0} read, {cold.Changed:N0} rows changed");

            var before = await RowVersionsAsync(api.ConnectionString);
            var steady = new List<(double Ms, int Requests, int Changed)>();
            for (var i = 0; i < polls; i++)
            {
                var (report, time, requests) = await PassAsync(sync, auther);
                steady.Add((time.TotalMilliseconds, requests, report.Changed + (report.Failure is null ? 0 : 1_000_000)));
            }

            var writes = Differences(before, await RowVersionsAsync(api.ConnectionString));
            var sorted = steady.Select(s => s.Ms).Order().ToList();
            var bare = await BareListUsersAsync(auther, pageSize);
            Console.WriteLine($"(b) steady poll x{polls}: mean {sorted.Average():0.0} ms, p95 {sorted[(int)Math.Ceiling(0.95 * sorted.Count) - 1]:0.0} ms, " +
                              $"max {steady.Max(s => s.Requests)} request(s) per pass, {writes} row(s) written (xmin); " +
                              $"of which the local Auther's answer alone (one bare list-users request of the same shape): {bare:0.0} ms");

            var changed = auther.Users.OrderByDescending(u => u.UpdatedAt).Take(changeCount).Select(u => u.Id).ToList();
            foreach (var id in changed)
            {
                auther.UpdateProfile(id, name: $"Changed {id}");
            }

            var (after, afterTime, afterRequests) = await PassAsync(sync, auther);
            Console.WriteLine($"(c) after {changeCount} users changed: {afterTime.TotalMilliseconds:0.0} ms, {afterRequests} request(s), " +
                              $"{after.Read} read, {after.Changed} rows changed");

            var ok = cold.Failure is null && cold.Changed == userCount && steady.All(s => s.Requests == 1 && s.Changed == 0) && writes == 0 &&
                     after.Failure is null && after.Changed == changeCount;
            Console.WriteLine($"load average at the end: {Args.LoadAverage()}");
            Console.WriteLine(ok ? "OK: every user synced once, quiet passes made one request and wrote nothing"
                : $"FAILED: cold {cold.Summary()}; after changes {after.Summary()}");
            return ok ? 0 : 1;
        }
        finally
        {
            File.Delete(stateFile);
        }
    }

    private static async Task<(SyncReport Report, TimeSpan Time, int Requests)> PassAsync(SyncService sync, AutherDevServer auther)
    {
        var requests = auther.RequestCount(ListUsers);
        var clock = Stopwatch.StartNew();
        var report = await sync.RunOnceAsync(full: false, CancellationToken.None);
        clock.Stop();
        return (report, clock.Elapsed, auther.RequestCount(ListUsers) - requests);
    }

    /// <summary>
    /// Auther's users written as its state file, one second apart and at least an hour old, so the watermark's
    /// overlap (a few seconds) holds a few users, as a quiet deployment's would.
    /// </summary>
    private static async Task WriteAutherStateAsync(string path, int count)
    {
        var newest = DateTimeOffset.UtcNow.AddHours(-1);
        var users = Enumerable.Range(0, count).Select(i => new
        {
            id = UserId(i),
            email = $"{UserId(i)}@example.com",
            name = $"User {i}",
            emailVerified = true,
            createdAt = newest.AddSeconds(-i),
            updatedAt = newest.AddSeconds(-i),
            role = "user",
            banned = false,
        });
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, new { users });
    }

    /// <summary>Shadow rows with an old name: the cold pass has every row to change.</summary>
    private static async Task SeedShadowRowsAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO users (id, email, name, email_verified, role, banned, created_at, updated_at)
            SELECT 'sync-bench-' || lpad(i::text, 6, '0'), 'sync-bench-' || lpad(i::text, 6, '0') || '@example.com',
                   'Old name ' || i, true, 'user', false, now(), now()
            FROM generate_series(0, @count - 1) AS i
            """, connection);
        insert.Parameters.AddWithValue("count", count);
        await insert.ExecuteNonQueryAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE users", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static string UserId(int i) => $"sync-bench-{i:D6}";

    /// <summary>What a quiet pass costs Auther itself (this local one sorts every user per request).</summary>
    private static async Task<double> BareListUsersAsync(AutherDevServer auther, int pageSize)
    {
        using var client = new HttpClient { BaseAddress = auther.BaseUrl };
        client.DefaultRequestHeaders.Add("x-api-key", AdminApiKey);
        var url = $"{ListUsers}?limit={pageSize}&offset=0&sortBy=updatedAt&sortDirection=desc";
        (await client.GetAsync(url)).EnsureSuccessStatusCode();
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>xmin changes with every write of a row.</summary>
    private static async Task<Dictionary<string, uint>> RowVersionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT id, xmin::text::bigint FROM users UNION ALL SELECT 'watermark:' || name, xmin::text::bigint FROM sync_watermarks", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var versions = new Dictionary<string, uint>();
        while (await reader.ReadAsync())
        {
            versions[reader.GetString(0)] = (uint)reader.GetInt64(1);
        }

        return versions;
    }

    private static int Differences(Dictionary<string, uint> before, Dictionary<string, uint> after) =>
        before.Count(b => !after.TryGetValue(b.Key, out var version) || version != b.Value) + after.Keys.Count(k => !before.ContainsKey(k));
}
