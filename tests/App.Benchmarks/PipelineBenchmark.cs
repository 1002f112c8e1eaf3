using System.Globalization;
using System.Net;
using Auther.Dev;
using Auther.Dev.Tokens;

namespace App.Benchmarks;

/// <summary>
/// The request pipeline against the framework's own ceiling, every figure from ONE run so that the ratios
/// compare like with like on a shared machine: the app (Production settings, JSON request log ON, written
/// to a file as stdout would be) versus a bare minimal API and a bare JwtBearer (RS256) API, in rounds of
/// four runs (each app next to its peer, the app first in every other round); then the cold path, where
/// every token is new to the verified-token cache.
/// </summary>
internal static class PipelineBenchmark
{
    public const string Options = "--seconds 10 --rounds 5 --connections 32 --tokens 1000 --cold-tokens 60000 --cold-seconds 8 --request-log on|off";
    private const double MeTarget = 1.5;
    private const double LiveTarget = 0.60;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = TimeSpan.FromSeconds(Args.Int(args, "--seconds", 10));
        var rounds = Args.Int(args, "--rounds", 5);
        var connections = Args.Int(args, "--connections", 32);
        var tokenCount = Args.Int(args, "--tokens", 1000);
        var coldCount = Args.Int(args, "--cold-tokens", 60_000);
        var coldSeconds = TimeSpan.FromSeconds(Args.Int(args, "--cold-seconds", 8));
        var requestLog = Args.String(args, "--request-log", "on") != "off";
        await Wrk.EnsureInstalledAsync();

        // The app logs to stdout as in production; stdout goes to a file so the figures below stay readable.
        var report = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var logPath = Path.Combine(Path.GetTempPath(), $"pipeline-bench-{Environment.ProcessId}.log");
        // The app's console sink writes Console.Out, as it would stdout in production.
        await using var logFile = new StreamWriter(File.Create(logPath)) { AutoFlush = true };
        Console.SetOut(logFile);
        try
        {
            return await MeasureAsync(report, seconds, rounds, connections, tokenCount, coldCount, coldSeconds, requestLog, logPath);
        }
        finally
        {
            Console.SetOut(report);
            report.WriteLine($"request log written meanwhile: {new FileInfo(logPath).Length / 1024.0 / 1024.0:0.0} MiB ({logPath}, now deleted)");
            File.Delete(logPath);
        }
    }

    private static async Task<int> MeasureAsync(TextWriter report, TimeSpan seconds, int rounds, int connections, int tokenCount,
        int coldCount, TimeSpan coldSeconds, bool requestLog, string logPath)
    {
        await using var auther = await AutherDevServer.StartAsync(new AutherDevOptions { Audience = "app-api" });
        await using var api = await BenchmarkApi.StartAsync(durable: true, requestLog: requestLog, settings: new Dictionary<string, string?>
        {
            ["Auther:Url"] = auther.BaseUrl.ToString().TrimEnd('/'),
            ["Auther:Issuers:0"] = auther.Issuer,
            ["Reconcile:Enabled"] = "false",
            ["Log:Format"] = "json",
        });
        await using var ping = await PeerApp.StartPingAsync();
        await using var bare = await PeerApp.StartJwtBearerAsync();
        report.WriteLine($"request pipeline: wrk 1 thread x {connections} connections, {seconds.TotalSeconds:0} s per run, {rounds} rounds; " +
                         $"request log {(requestLog ? "ON (JSON, to " + logPath + ")" : "off")}; {Environment.ProcessorCount} cores, load average {Args.LoadAverage()}");

        var edTokens = Enumerable.Range(0, tokenCount).Select(i => Mint(auther, i, tokenCount)).ToList();
        var rsTokens = bare.MintTokens(tokenCount);
        await AuthBenchmark.FirstRequestsAsync(api.Address, edTokens, HttpStatusCode.OK);

        // Warm-up: tiered compilation settles and every cache fills before anything is measured.
        var warm = TimeSpan.FromSeconds(4);
        await Wrk.GetAsync(ping.Address, "/ping", [], connections, warm);
        await Wrk.GetAsync(api.Address, "/health/live", [], connections, warm);
        await Wrk.GetAsync(bare.Address, "/api/me", rsTokens, connections, warm);
        await Wrk.GetAsync(api.Address, "/api/me", edTokens, connections, warm);

        var runs = new List<(Measured Ping, Measured Live, Measured Bare, Measured Me)>();
        for (var round = 1; round <= rounds; round++)
        {
            // Each pair runs peer first in odd rounds and app first in even ones, so whatever favours the
            // second (or first) run of a pair counts for both sides alike.
            var appFirst = round % 2 == 0;
            var (pingRun, liveRun) = await PairAsync(appFirst,
                () => Measured.RunAsync(ping.Address, "/ping", [], connections, seconds),
                () => Measured.RunAsync(api.Address, "/health/live", [], connections, seconds));
            var (bareRun, meRun) = await PairAsync(appFirst,
                () => Measured.RunAsync(bare.Address, "/api/me", rsTokens, connections, seconds),
                () => Measured.RunAsync(api.Address, "/api/me", edTokens, connections, seconds));
            runs.Add((pingRun, liveRun, bareRun, meRun));
            report.WriteLine($"round {round} ({(appFirst ? "app" : "peer")} first): bare /ping {pingRun.Result.PerSecond,7:0}/s   " +
                             $"app /health/live {liveRun.Result.PerSecond,7:0}/s ({liveRun.Result.PerSecond / pingRun.Result.PerSecond:P0})   " +
                             $"bare JwtBearer RS256 /api/me {bareRun.Result.PerSecond,7:0}/s   app EdDSA /api/me {meRun.Result.PerSecond,7:0}/s " +
                             $"({meRun.Result.PerSecond / bareRun.Result.PerSecond:0.00}x)   CPU per /api/me, this process + rest of the machine: " +
                             $"bare {bareRun.CpuPerRequestUs:0}+{bareRun.OthersPerRequestUs:0}, app {meRun.CpuPerRequestUs:0}+{meRun.OthersPerRequestUs:0} us");
        }

        var last = runs[^1];
        report.WriteLine($"last round in detail (CPU is this process's, per request: app, peers and logging; wrk is another process):");
        report.WriteLine($"  bare /ping                    {last.Ping}");
        report.WriteLine($"  app  /health/live             {last.Live}");
        report.WriteLine($"  bare JwtBearer RS256 /api/me  {last.Bare}");
        report.WriteLine($"  app  EdDSA /api/me            {last.Me}");

        // Cold path: distinct tokens for the same (provisioned) users, more than the verified-token cache holds,
        // so each request pays a full verification; no new user, so no provisioning write is measured.
        var coldTokens = Enumerable.Range(0, coldCount).Select(i => Mint(auther, i % tokenCount, tokenCount)).ToList();
        var verifiedBefore = await VerifiedOkAsync(api.Address);
        var cold = await Measured.RunAsync(api.Address, "/api/me", coldTokens, connections, coldSeconds);
        var fullVerifications = await VerifiedOkAsync(api.Address) - verifiedBefore;
        var costPerToken = cold.CpuPerRequestUs - last.Me.CpuPerRequestUs;
        report.WriteLine($"  app  EdDSA /api/me cold       {cold}");
        report.WriteLine($"cold path: {coldCount} distinct tokens -> {cold.Result.PerSecond:0} req/s ({cold.Result.PerSecond / last.Live.Result.PerSecond:P0} of /health/live), " +
                         $"{fullVerifications:0} full verifications for {cold.Result.Requests} requests, verification cost ~{costPerToken:0} us CPU per token " +
                         $"(cold minus warm CPU per request)");

        var meRatio = Median(runs.Select(r => r.Me.Result.PerSecond / r.Bare.Result.PerSecond));
        var liveRatio = Median(runs.Select(r => r.Live.Result.PerSecond / r.Ping.Result.PerSecond));
        var errors = runs.Sum(r => r.Ping.Result.Errors + r.Live.Result.Errors + r.Bare.Result.Errors + r.Me.Result.Errors) + cold.Result.Errors;
        report.WriteLine($"median ratio app EdDSA /api/me : bare JwtBearer RS256 /api/me = {meRatio:0.00}x (target >= {MeTarget:0.0}x)");
        report.WriteLine($"median ratio app /health/live : bare /ping = {liveRatio:P0} (target >= {LiveTarget:P0})");
        report.WriteLine($"errors (not 2xx, all runs): {errors}");
        report.WriteLine($"load average at the end: {Args.LoadAverage()}");
        var ok = meRatio >= MeTarget && liveRatio >= LiveTarget && errors == 0;
        report.WriteLine(ok ? "OK: every target met" : "FAILED: a target was missed (see above)");
        return ok ? 0 : 1;
    }

    private static async Task<(Measured Peer, Measured App)> PairAsync(bool appFirst, Func<Task<Measured>> peer, Func<Task<Measured>> app)
    {
        if (appFirst)
        {
            var appRun = await app();
            return (await peer(), appRun);
        }

        var peerRun = await peer();
        return (peerRun, await app());
    }

    private static string Mint(AutherDevServer auther, int user, int users) => auther.MintToken(new TokenRequest
    {
        UserId = $"bench-pipe-{user % users:D5}",
        Email = $"pipe{user}@example.com",
        Name = $"Bench {user}",
        Lifetime = TimeSpan.FromHours(2),
    });

    private static async Task<double> VerifiedOkAsync(Uri address)
    {
        using var client = new HttpClient { BaseAddress = address };
        var line = (await client.GetStringAsync("/metrics")).Split('\n')
            .FirstOrDefault(l => l.StartsWith("auth_jwt_verify_result_count_total{result=\"ok\"}", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// One wrk run, the CPU this process spent serving it and the bytes it allocated meanwhile (the app's
    /// garbage per request: unlike CPU time, it does not move with the machine's load).
    /// </summary>
    private sealed record Measured(WrkResult Result, double CpuPerRequestUs, double PostgresPerRequestUs, double OthersPerRequestUs, double BytesPerRequest, double Gen0PerThousand, double Gen1PerThousand)
    {
        public static async Task<Measured> RunAsync(Uri server, string path, IReadOnlyList<string> tokens, int connections, TimeSpan duration)
        {
            var before = CpuSample.Take();
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var (gen0Before, gen1Before) = (GC.CollectionCount(0), GC.CollectionCount(1));
            var result = await Wrk.GetAsync(server, path, tokens, connections, duration);
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var (gen0, gen1) = (GC.CollectionCount(0) - gen0Before, GC.CollectionCount(1) - gen1Before);
            var cpu = CpuSample.Take() - before;
            var requests = Math.Max(1, result.Requests);
            return new Measured(result, cpu.App.TotalMicroseconds / requests, cpu.Postgres.TotalMicroseconds / requests, Math.Max(0, cpu.Others.TotalMicroseconds) / requests, (double)allocated / requests,
                1000.0 * gen0 / requests, 1000.0 * gen1 / requests);
        }

        public override string ToString() => $"{Result.Summary()}   CPU {CpuPerRequestUs:0} us/request (PostgreSQL {PostgresPerRequestUs:0}, rest of the machine {OthersPerRequestUs:0})   {BytesPerRequest / 1024:0.0} KiB allocated/request   GCs per 1000 requests: gen0 {Gen0PerThousand:0.00}, gen1 {Gen1PerThousand:0.00}";
    }
}
