using System.Net;
using App.Api.Database;
using App.Tests.Infrastructure;
using App.TestSupport;
using App.TestSupport.Webhooks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Tests.Cluster;

/// <summary>
/// Everything the app does through a transaction-mode pooler (a real PgBouncer 1.18 handing server connections out
/// in turn, so state that wrongly outlives a transaction fails at once): just-in-time rows, webhooks, a ban reaching
/// every instance (NOTIFY through the pooler, LISTEN on the direct connection), and migrations on Direct.
/// </summary>
public sealed class PoolerTests(PoolerFixture api) : IClassFixture<PoolerFixture>
{
    [Fact]
    public void DefaultGoesThroughThePooler_AndDirectToPostgres()
    {
        var database = api.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;

        database.ThroughPooler.ShouldBeTrue();
        new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Port.ShouldBe(api.Pooler.Port);
        database.Direct.ShouldBe(api.ConnectionString);
    }

    [Fact]
    public async Task FirstRequestsOfAUser_OnTwoInstances_CreateOneShadowRow()
    {
        await api.OpenServerConnectionsAsync(6);
        var userId = TestData.NewUserId();
        var token = api.TokenFor(userId);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => api.ClientWith(token, i % 2 == 0 ? api.Factory : api.Second).GetAsync("/api/me")));

        answers.Select(a => a.StatusCode).ShouldAllBe(s => s == HttpStatusCode.OK);
        (await api.QueryAsync(db => db.Users.CountAsync(u => u.Id == userId))).ShouldBe(1);
    }

    [Fact]
    public async Task Webhooks_OnTwoInstances_AreEachAppliedOnce_AndARedeliveryIsADuplicate()
    {
        await api.OpenServerConnectionsAsync(6);
        var users = Enumerable.Range(0, 4).Select(_ => TestData.NewUserId()).ToList();
        var start = DateTimeOffset.UtcNow;
        var deliveries = users.Select(u => Enumerable.Range(0, 10).Select(n => AutherWebhookSigner.Svix(
            AutherEvent.Create("user.updated", new { id = u, email = $"{u}@example.com", name = $"Version {n}" }, start.AddMilliseconds(n)),
            ApiFixture.WebhookSecret)).ToList()).ToList();

        // Each user's events in order, the users side by side, alternating instances: many transactions on few server connections.
        var outcomes = await Task.WhenAll(deliveries.Select(async (events, u) =>
        {
            var seen = new List<string>();
            for (var n = 0; n < events.Count; n++)
            {
                seen.Add(await DeliverAsync(events[n], (u + n) % 2 == 0 ? api.Factory : api.Second));
            }

            return seen;
        }));
        var again = await DeliverAsync(deliveries[0][3], api.Second);

        outcomes.SelectMany(o => o).ShouldAllBe(o => o == "applied");
        again.ShouldBe("duplicate");
        var ids = deliveries.SelectMany(d => d).Select(d => d.Header("svix-id")).ToList();
        (await api.QueryAsync(db => db.WebhookEvents.CountAsync(e => ids.Contains(e.MessageId) && e.Status == "applied"))).ShouldBe(40);
        (await api.QueryAsync(db => db.Users.Where(u => users.Contains(u.Id)).Select(u => u.Name).ToListAsync())).ShouldAllBe(n => n == "Version 9");
    }

    [Fact]
    public async Task ABanDeliveredToOneInstance_ReachesTheOther_WithinASecond()
    {
        var userId = TestData.NewUserId();
        var token = api.TokenFor(userId);
        foreach (var instance in new[] { api.Factory, api.Second })
        {
            (await api.ClientWith(token, instance).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var ban = AutherWebhookSigner.Svix(AutherEvent.Create("user.updated", new { id = userId, email = $"{userId}@example.com", banned = true }),
            ApiFixture.WebhookSecret);
        (await DeliverAsync(ban, api.Factory)).ShouldBe("applied");

        var status = await Eventually.ReturnsAsync(async () => (await api.ClientWith(token, api.Second).GetAsync("/api/me")).StatusCode,
            s => s == HttpStatusCode.Forbidden, within: TimeSpan.FromSeconds(1));
        status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Migrate_UsesTheDirectConnection()
    {
        var empty = await TestDatabases.CreateEmptyAsync("direct-migrate");
        try
        {
            var (exitCode, stdout, stderr) = await ApiProcess.RunAsync(new Dictionary<string, string>
            {
                // Nothing listens on the pooled address: only Direct can have applied them.
                ["ConnectionStrings__Default"] = "Host=127.0.0.1;Port=9;Database=nowhere;Username=postgres;Timeout=2",
                ["ConnectionStrings__Direct"] = empty,
            }, "migrate");

            exitCode.ShouldBe(0, stdout + stderr);
            await using var db = TestDatabases.CreateContext(empty);
            (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        }
        finally
        {
            await TestDatabases.DropAsync(empty);
        }
    }

    private static async Task<string> DeliverAsync(SignedWebhook delivery, WebApplicationFactory<Program> instance)
    {
        using var client = instance.CreateClient();
        using var request = delivery.ToRequest();
        return await WebhookApiFixture.OutcomeAsync(await client.SendAsync(request));
    }
}
