using System.Collections.Concurrent;
using System.Diagnostics;

namespace App.Benchmarks;

/// <summary>
/// A bounded concurrent sender: <c>concurrency</c> workers each take the next request and wait for its
/// answer before sending another, over a pool of that many loopback connections.
/// </summary>
internal sealed class LoadSender(Uri address, int concurrency) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        UseCookies = false,
    })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary><paramref name="classify"/> names each answer (e.g. "applied", "duplicate", "http 500").</summary>
    public async Task<LoadResult> RunAsync(IReadOnlyList<Func<HttpRequestMessage>> requests, Func<HttpResponseMessage, Task<string>> classify)
    {
        var latencies = new double[requests.Count];
        var outcomes = new ConcurrentDictionary<string, int>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i < requests.Count)
            {
                using var request = requests[i]();
                var started = Stopwatch.GetTimestamp();
                string outcome;
                try
                {
                    using var response = await _client.SendAsync(request);
                    outcome = await classify(response);
                }
                catch (HttpRequestException ex)
                {
                    outcome = "error " + ex.HttpRequestError;
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }
        });
        await Task.WhenAll(workers);
        clock.Stop();
        return new LoadResult(requests.Count, clock.Elapsed, latencies, new Dictionary<string, int>(outcomes));
    }

    public void Dispose() => _client.Dispose();
}

internal sealed record LoadResult(int Count, TimeSpan Elapsed, double[] LatenciesMs, IReadOnlyDictionary<string, int> Outcomes)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public string Summary() =>
        $"{Count,6} requests in {Elapsed.TotalSeconds,6:0.00} s = {PerSecond,7:0} /s   p50 {Percentile(50),6:0.0} ms   p95 {Percentile(95),6:0.0} ms   p99 {Percentile(99),6:0.0} ms   "
        + string.Join(", ", Outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}"));
}
