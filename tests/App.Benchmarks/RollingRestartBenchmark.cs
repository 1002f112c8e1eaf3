using System.Globalization;
using App.TestSupport;
using App.TestSupport.Cluster;
using Auther.Dev;

namespace App.Benchmarks;

/// <summary>
/// The rolling-restart test, longer and with more load: N API processes behind HAProxy (queries through PgBouncer
/// unless <c>--pooler off</c>), steady mixed traffic, every instance restarted in turn <c>--rounds</c> times, a user
/// deactivated after the first restart. Prints failures, latency in steady state and during the roll, what each
/// restart took, and the data checks; exits 1 when a client saw a failure or anything was lost.
/// </summary>
internal static class RollingRestartBenchmark
{
    public const string Options = "--instances 3 --rounds 2 --warmup-seconds 10 --steady-seconds 30 --after-seconds 10 --readers 6 --pooler on --drain-seconds 5";
    private const string WebhookSecret = "whsec_cm9sbGluZy1yZXN0YXJ0LWJlbmNobWFyay1zZWNyZXQ=";
    private const string SignupSecret = "bench-signup-secret-0123456789abcdef-0123";
    private const string AdminApiKey = "bench-admin-api-key";

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = Args.Int(args, "--instances", 3);
        var pooler = Args.String(args, "--pooler", "on") != "off";
        var options = new RollingRestartOptions
        {
            Rounds = Args.Int(args, "--rounds", 2),
            Warmup = TimeSpan.FromSeconds(Args.Int(args, "--warmup-seconds", 10)),
            Steady = TimeSpan.FromSeconds(Args.Int(args, "--steady-seconds", 30)),
            After = TimeSpan.FromSeconds(Args.Int(args, "--after-seconds", 10)),
            Load = new LoadOptions { Readers = Args.Int(args, "--readers", 6), ReaderPause = TimeSpan.FromMilliseconds(20) },
        };
        await using var auther = await AutherDevServer.StartAsync(new AutherDevOptions
        {
            Audience = "app-api", AdminApiKey = AdminApiKey, SignupSecret = SignupSecret,
        });
        var database = await TestDatabases.CreateMigratedAsync("rolling");
        try
        {
            await using var cluster = await ApiCluster.StartAsync(new ClusterOptions
            {
                Instances = instances,
                ThroughPooler = pooler,
                DrainDelay = TimeSpan.FromSeconds(Args.Int(args, "--drain-seconds", 5)),
                CheckInterval = TimeSpan.FromSeconds(1),
                Settings = new Dictionary<string, string?>
                {
                    ["ConnectionStrings:Default"] = database,
                    ["Auther:Url"] = auther.BaseUrl.ToString().TrimEnd('/'),
                    ["Auther:Issuers:0"] = auther.Issuer,
                    ["Auther:Audience"] = "app-api",
                    ["Auther:WebhookSecrets:0"] = WebhookSecret,
                    ["Auther:SignupSecret"] = SignupSecret,
                    ["Auther:AdminApiKey"] = AdminApiKey,
                    ["Log:Format"] = "text",
                    ["Serilog:MinimumLevel:Default"] = "Warning",
                },
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rolling restart: {instances} instances behind HAProxy{(pooler ? ", queries through PgBouncer (transaction mode)" : string.Empty)}, " +
                $"{options.Rounds} round(s), {Environment.ProcessorCount} cores, load average {Args.LoadAverage()}"));
            var report = await RollingRestart.RunAsync(cluster, auther, WebhookSecret, options);
            Console.WriteLine(report.Summary());
            Console.WriteLine($"load average at the end: {Args.LoadAverage()}");
            var clean = report.Failures.Count == 0 && report.WritesNotPresentOnce.Count == 0 && report.UnacknowledgedWrites == 0
                        && report.WebhooksLostOrNotApplied.Count == 0 && report.BanNotEnforcedAtEnd.Count == 0 && report.Restarts.All(r => r.ExitCode == 0);
            return clean ? 0 : 1;
        }
        finally
        {
            await TestDatabases.DropAsync(database);
        }
    }
}
