namespace App.Benchmarks;

/// <summary>
/// One verb per benchmark, each in its own file. Not named Program: that name is the API's entry
/// point, which WebApplicationFactory&lt;Program&gt; starts.
/// </summary>
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args) => args.FirstOrDefault() switch
    {
        "webhooks" => await WebhookIngestBenchmark.RunAsync(args[1..]),
        "auth" => await AuthBenchmark.RunAsync(args[1..]),
        "pipeline" => await PipelineBenchmark.RunAsync(args[1..]),
        "ed25519" => Ed25519Benchmark.Run(args[1..]),
        "sync" => await SyncBenchmark.RunAsync(args[1..]),
        "rolling" => await RollingRestartBenchmark.RunAsync(args[1..]),
        "web" => await WebProxyBenchmark.RunAsync(args[1..]),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("usage: dotnet run -c Release --project tests/App.Benchmarks -- <verb> [options]");
        Console.Error.WriteLine("  webhooks   sustained ingest of signed user.updated events (" + WebhookIngestBenchmark.Options + ")");
        Console.Error.WriteLine("  auth       warm authenticated GET /api/me against the anonymous ceiling, with wrk (" + AuthBenchmark.Options + ")");
        Console.Error.WriteLine("  pipeline   the app against a bare minimal API and a bare JwtBearer API, request log on, plus the cold path (" + PipelineBenchmark.Options + ")");
        Console.Error.WriteLine("  sync       the user poll: cold watermark over N users, quiet passes, a pass after changes (" + SyncBenchmark.Options + ")");
        Console.Error.WriteLine("  rolling    a rolling restart of N API processes behind HAProxy under mixed load (" + RollingRestartBenchmark.Options + ")");
        Console.Error.WriteLine("  web        GET /api/me through the web app (BFF, YARP) against straight to the API (" + WebProxyBenchmark.Options + ")");
        Console.Error.WriteLine("  ed25519    EdDSA verification per library, with BenchmarkDotNet (" + Ed25519Benchmark.Options + ")");
        return 2;
    }
}
