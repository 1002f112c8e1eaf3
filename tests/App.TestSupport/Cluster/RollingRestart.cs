using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Auther.Dev;
using Auther.Dev.Tokens;
using Npgsql;

namespace App.TestSupport.Cluster;

/// <summary>How long each part of the scenario lasts.</summary>
public sealed record RollingRestartOptions
{
    /// <summary>Load before the measured steady state (after one request of each kind to each instance).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan Steady { get; init; } = TimeSpan.FromSeconds(8);

    public TimeSpan After { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How many times every instance is restarted in turn.</summary>
    public int Rounds { get; init; } = 1;

    public LoadOptions Load { get; init; } = new();
}

/// <summary>
/// The rolling-restart scenario: steady mixed load through the load balancer; each instance restarted in turn
/// (SIGTERM, drain, exit, a new process on its port); a user deactivated after the first restart; then the
/// database and every instance are checked. Shared by the test (which asserts) and the benchmark (which reports).
/// </summary>
public static class RollingRestart
{
    private static readonly TimeSpan BanWithin = TimeSpan.FromSeconds(15);

    public static async Task<RollingRestartReport> RunAsync(ApiCluster cluster, AutherDevServer auther, string webhookSecret, RollingRestartOptions options)
    {
        var victim = auther.CreateUser($"victim-{Guid.NewGuid():N}@example.com", "Victim");
        var victimToken = auther.MintToken(new TokenRequest { UserId = victim.Id, Lifetime = TimeSpan.FromHours(2) });
        using var client = new HttpClient { BaseAddress = cluster.Address, Timeout = TimeSpan.FromSeconds(30) };
        (await MeAsync(client, victimToken)).ShouldBeOk("the victim's first request");

        var load = new ClusterLoad(cluster.Address, auther, webhookSecret, options.Load) { Phase = "warmup" };
        await load.WarmAsync(cluster.Instances.Select(i => i.Address));
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        var restarts = new List<RestartResult>();
        var banReached = new List<TimeSpan?>();
        try
        {
            await Task.Delay(options.Warmup);
            load.Phase = "steady";
            await Task.Delay(options.Steady);
            load.Phase = "roll";
            for (var n = 0; n < options.Rounds * cluster.Instances.Count; n++)
            {
                restarts.Add(await cluster.RestartAsync(n % cluster.Instances.Count));
                if (n == 0)
                {
                    banReached.AddRange(await BanAsync(cluster, auther, client, victim.Id, victimToken));
                }
            }

            load.Phase = "after";
            await Task.Delay(options.After);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }

        var notEnforced = new List<int>();
        for (var i = 0; i < cluster.Instances.Count; i++)
        {
            using var direct = new HttpClient { BaseAddress = cluster.Instances[i].Address };
            if (await MeAsync(direct, victimToken) != HttpStatusCode.Forbidden)
            {
                notEnforced.Add(i + 1);
            }
        }

        return await CheckDatabaseAsync(cluster.DirectConnectionString, load, restarts, banReached, notEnforced);
    }

    /// <summary>
    /// Deactivates the victim through the load balancer once every instance has them in its cache; how long until
    /// each instance refused them (only a notification can evict a cached user: synchronised entries do not expire).
    /// </summary>
    private static async Task<List<TimeSpan?>> BanAsync(ApiCluster cluster, AutherDevServer auther, HttpClient client, string victimId, string victimToken)
    {
        var direct = cluster.Instances.Select(i => new HttpClient { BaseAddress = i.Address, Timeout = TimeSpan.FromSeconds(30) }).ToList();
        try
        {
            foreach (var instance in direct)
            {
                (await MeAsync(instance, victimToken)).ShouldBeOk("the victim's request to each instance");
            }

            var admin = auther.MintToken(new TokenRequest
            {
                UserId = auther.CreateUser($"admin-{Guid.NewGuid():N}@example.com", "Admin", role: "admin").Id,
                Permissions = new Dictionary<string, string[]> { ["user"] = ["deactivate"] },
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{victimId}/deactivate") { Content = JsonContent.Create(new { reason = "rolling restart test" }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var response = await client.SendAsync(request);
            response.StatusCode.ShouldBeOk("the deactivation");
            var clock = Stopwatch.StartNew();
            return [.. await Task.WhenAll(direct.Select(async instance =>
            {
                while (clock.Elapsed < BanWithin)
                {
                    if (await MeAsync(instance, victimToken) == HttpStatusCode.Forbidden)
                    {
                        return clock.Elapsed;
                    }

                    await Task.Delay(20);
                }

                return (TimeSpan?)null;
            }))];
        }
        finally
        {
            direct.ForEach(c => c.Dispose());
        }
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static void ShouldBeOk(this HttpStatusCode status, string what)
    {
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{what} answered {(int)status}, not 200.");
        }
    }

    private static async Task<RollingRestartReport> CheckDatabaseAsync(string connectionString, ClusterLoad load, List<RestartResult> restarts,
        List<TimeSpan?> banReached, List<int> notEnforced)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var slugs = await ListAsync<string>(connection, "SELECT slug FROM organizations WHERE starts_with(slug, @p)", load.SlugPrefix);
        var written = load.WrittenSlugs.ToHashSet();
        var present = slugs.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());

        var webhooks = load.Webhooks.ToList();
        var settled = (await ListAsync<(string, string)>(connection, "SELECT message_id, status FROM webhook_events WHERE message_id = ANY(@p)",
            webhooks.Select(w => w.MessageId).ToArray())).GroupBy(r => r.Item1).ToDictionary(g => g.Key, g => g.Select(r => r.Item2).ToList());
        var lost = webhooks.Where(w => w.Outcome != "applied" || !settled.TryGetValue(w.MessageId, out var rows) || rows is not ["applied"])
            .Select(w => $"{w.MessageId} ({w.Outcome})").ToList();
        var names = (await ListAsync<(string, string)>(connection, "SELECT id, name FROM users WHERE starts_with(id, @p)", load.WebhookUserPrefix))
            .ToDictionary(r => r.Item1, r => r.Item2);
        var outOfDate = webhooks.GroupBy(w => w.UserId).Select(g => g.Last())
            .Where(w => !names.TryGetValue(w.UserId, out var name) || name != w.Name).Select(w => w.UserId).ToList();

        return new RollingRestartReport
        {
            Samples = load.Samples.ToList(),
            Restarts = restarts,
            WritesAcknowledged = written.Count,
            WritesNotPresentOnce = written.Where(s => present.GetValueOrDefault(s) != 1).ToList(),
            UnacknowledgedWrites = present.Keys.Count(s => !written.Contains(s)),
            WebhooksAcknowledged = webhooks.Count,
            WebhooksLostOrNotApplied = lost,
            WebhookUsersOutOfDate = outOfDate,
            BanReached = banReached,
            BanNotEnforcedAtEnd = notEnforced,
        };
    }

    private static async Task<List<T>> ListAsync<T>(NpgsqlConnection connection, string sql, object parameter)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p", parameter);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.FieldCount == 1 ? (T)reader.GetValue(0) : (T)(object)(reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }
}
