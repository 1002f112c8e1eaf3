using System.Globalization;
using System.Text.Json;
using App.Api.Webhooks;
using App.Data.Webhooks;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace App.Benchmarks;

/// <summary>
/// Sustained ingest of signed <c>user.updated</c> events for N distinct users from a bounded concurrent
/// sender, against the real API on Kestrel. The same sender first measures an endpoint doing no work
/// (<c>/health/live</c>, same body), so the ratio says what the webhook path costs on any machine.
/// Afterwards the rows are counted: every event applied exactly once, every duplicate acknowledged.
/// </summary>
internal static class WebhookIngestBenchmark
{
    public const string Options = "--users 10000 --concurrency 32 --format svix|native --duplicates 1000 --fast (fsync off)";
    // Long enough for tiered compilation to settle: a short warm-up measures the JIT, not the app.
    private const int WarmUp = 6000;

    public static async Task<int> RunAsync(string[] args)
    {
        var users = Args.Int(args, "--users", 10_000);
        var concurrency = Args.Int(args, "--concurrency", 32);
        var duplicates = Math.Min(Args.Int(args, "--duplicates", 1_000), users);
        var format = Args.String(args, "--format", "svix") == "native" ? WebhookFormat.Native : WebhookFormat.Svix;
        var durable = !args.Contains("--fast");

        await using var api = await BenchmarkApi.StartAsync(durable);
        var database = api.Durable switch
        {
            true => "durable (fsync, synchronous_commit on)",
            false => "fast (fsync, synchronous_commit off)",
            null => "TEST_DATABASE_URL, its own settings",
        };
        Console.WriteLine($"webhook ingest: {users} users, {concurrency} concurrent senders, {format.Name()} format, " +
            $"{Environment.ProcessorCount} cores, PostgreSQL {database}, load average {Args.LoadAverage()}");
        using var sender = new LoadSender(api.Address, concurrency);

        await sender.RunAsync(Deliveries("warm", WarmUp, format), OutcomeAsync);
        await sender.RunAsync(Baseline(WarmUp), StatusAsync);
        await RemoveWarmUpAsync(api);

        var cpu = CpuSample.Take();
        var baseline = await sender.RunAsync(Baseline(users), StatusAsync);
        var baselineCpu = CpuSample.Take() - cpu;
        Console.WriteLine($"baseline  (POST /health/live)        {baseline.Summary()}");
        Console.WriteLine($"          {baselineCpu.PerRequest(users)}");
        var deliveries = Deliveries("bench", users, format);
        cpu = CpuSample.Take();
        var run = await sender.RunAsync(deliveries, OutcomeAsync);
        var runCpu = CpuSample.Take() - cpu;
        Console.WriteLine($"webhooks  (POST /api/webhooks/auther) {run.Summary()}");
        Console.WriteLine($"          {runCpu.PerRequest(users)}");
        var again = await sender.RunAsync(deliveries.Take(duplicates).ToList(), OutcomeAsync);
        Console.WriteLine($"duplicates (same message ids again)  {again.Summary()}");
        Console.WriteLine($"webhook throughput = {run.PerSecond / baseline.PerSecond:P0} of the no-work baseline; p99 {run.Percentile(99):0.0} ms vs {baseline.Percentile(99):0.0} ms");

        await using var db = api.CreateDbContext();
        var rows = await db.Users.CountAsync(u => u.Id.StartsWith("bench-") && u.Name!.StartsWith("Bench user ") && u.LastEventAt != null);
        var applied = await db.WebhookEvents.CountAsync(e => e.Status == WebhookEventStatus.Applied);
        var failed = await db.WebhookEvents.CountAsync(e => e.Status != WebhookEventStatus.Applied);
        var retried = await db.WebhookEvents.CountAsync(e => e.Attempts != 1);
        Console.WriteLine($"rows: users {rows}, inbox applied {applied}, inbox not applied {failed}, inbox attempts != 1: {retried}");

        var ok = rows == users && applied == users && failed == 0 && retried == 0
            && run.Outcomes.GetValueOrDefault("applied") == users && again.Outcomes.GetValueOrDefault("duplicate") == duplicates;
        Console.WriteLine($"load average at the end: {Args.LoadAverage()}");
        Console.WriteLine(ok ? "OK: every event applied exactly once, every duplicate acknowledged" : "FAILED: lost or doubly applied events");
        return ok ? 0 : 1;
    }

    /// <summary>Signed ahead of time, so the measured sender only sends.</summary>
    private static List<Func<HttpRequestMessage>> Deliveries(string prefix, int count, WebhookFormat format) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var evt = AutherEvent.Create("user.updated", new
            {
                id = $"{prefix}-{i:D6}",
                email = $"{prefix}-{i}@example.com",
                name = $"Bench user {i}",
                emailVerified = true,
                updatedAt = DateTimeOffset.UtcNow,
            });
            var delivery = format == WebhookFormat.Svix
                ? AutherWebhookSigner.Svix(evt, BenchmarkApi.WebhookSecret)
                : AutherWebhookSigner.Native(evt, BenchmarkApi.WebhookSecret);
            return (Func<HttpRequestMessage>)(() => delivery.ToRequest());
        }).ToList();

    private static List<Func<HttpRequestMessage>> Baseline(int count)
    {
        var body = Deliveries("baseline", 1, WebhookFormat.Svix)[0]().Content!;
        var bytes = body.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        return Enumerable.Range(0, count).Select(_ => (Func<HttpRequestMessage>)(() =>
            new HttpRequestMessage(HttpMethod.Post, "/health/live") { Content = new ByteArrayContent(bytes) })).ToList();
    }

    private static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            return "http " + (int)response.StatusCode;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return json.RootElement.GetProperty("outcome").GetString()!;
    }

    private static async Task<string> StatusAsync(HttpResponseMessage response)
    {
        await response.Content.ReadAsByteArrayAsync();
        return "http " + (int)response.StatusCode;
    }

    private static async Task RemoveWarmUpAsync(BenchmarkApi api)
    {
        await using var db = api.CreateDbContext();
        await db.Users.Where(u => u.Id.StartsWith("warm-")).ExecuteDeleteAsync();
        await db.WebhookEvents.ExecuteDeleteAsync();
    }
}
