using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace App.Benchmarks;

/// <summary>
/// Load from wrk (C, epoll): far less CPU per request than a .NET client, so on a 2-core machine the
/// figures describe the server rather than the sender. Installed with apt when missing and allowed.
/// </summary>
internal static partial class Wrk
{
    public static async Task EnsureInstalledAsync()
    {
        if (await RunAsync("sh", "-c \"command -v wrk\"") == 0)
        {
            return;
        }

        if (Environment.UserName != "root" || await RunAsync("sh", "-c \"command -v apt-get\"") != 0)
        {
            throw new InvalidOperationException("wrk is not installed; install it (Debian: apt-get install wrk) and run again.");
        }

        Console.WriteLine("installing wrk with apt...");
        await RunAsync("sh", "-c \"DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null 2>&1\"");
        if (await RunAsync("sh", "-c \"command -v wrk\"") != 0)
        {
            throw new InvalidOperationException("wrk could not be installed with apt.");
        }
    }

    /// <summary>GETs <paramref name="path"/> for <paramref name="duration"/>, each request with the next token (if any).</summary>
    public static async Task<WrkResult> GetAsync(Uri server, string path, IReadOnlyList<string> bearerTokens, int connections, TimeSpan duration)
    {
        var script = Path.Combine(Path.GetTempPath(), $"wrk-{Guid.NewGuid():N}.lua");
        var lua = new StringBuilder("local tokens = {\n");
        foreach (var token in bearerTokens)
        {
            lua.Append("  \"").Append(token).Append("\",\n");
        }

        // Every request is formatted once, when the thread starts (init runs after wrk has set the Host
        // header). Formatting each request in Lua cost the sender ~10 us more per request (the rest of the
        // machine's CPU per /api/me went from ~28 to ~18 us), and on a shared 2-core machine the sender's CPU
        // is taken from the server's, which pulled every ratio towards 1.
        lua.Append("}\nlocal requests = {}\nlocal n = #tokens\nlocal i = 0\n")
            .Append("init = function(args)\n")
            .Append("  for k = 1, n do requests[k] = wrk.format(\"GET\", \"").Append(path).Append("\", { [\"Authorization\"] = \"Bearer \" .. tokens[k] }) end\n")
            .Append("  if n == 0 then requests[1] = wrk.format(\"GET\", \"").Append(path).Append("\"); n = 1 end\n")
            .Append("end\n")
            .Append("request = function()\n  i = i % n + 1\n  return requests[i]\nend\n");
        await File.WriteAllTextAsync(script, lua.ToString());
        try
        {
            var output = new StringBuilder();
            var exit = await RunAsync("wrk",
                $"-t1 -c{connections} -d{(int)duration.TotalSeconds}s --latency -s {script} {new Uri(server, path)}", output);
            if (exit != 0)
            {
                throw new InvalidOperationException("wrk failed: " + output);
            }

            return WrkResult.Parse(output.ToString());
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static async Task<int> RunAsync(string file, string arguments, StringBuilder? output = null)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output?.Append(stdout).Append(stderr);
        return process.ExitCode;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    internal static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)", RegexOptions.Multiline)]
    internal static partial Regex LatencyLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    internal static partial Regex Non2xx();

    [GeneratedRegex(@"(\d+) requests in")]
    internal static partial Regex Requests();
}

internal sealed record WrkResult(double PerSecond, long Requests, long Errors, IReadOnlyDictionary<int, double> LatencyMs)
{
    public static WrkResult Parse(string output)
    {
        var latencies = Wrk.LatencyLine().Matches(output).ToDictionary(
            m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * m.Groups[3].Value switch { "us" => 0.001, "s" => 1000, _ => 1 });
        var errors = Wrk.Non2xx().Match(output) is { Success: true } non2xx ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkResult(
            double.Parse(Wrk.RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(Wrk.Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            errors,
            latencies);
    }

    public string Summary() =>
        $"{PerSecond,9:0} req/s   p50 {LatencyMs.GetValueOrDefault(50),6:0.00} ms   p90 {LatencyMs.GetValueOrDefault(90),6:0.00} ms   " +
        $"p99 {LatencyMs.GetValueOrDefault(99),6:0.00} ms   ({Requests} requests, {Errors} not 2xx)";
}
