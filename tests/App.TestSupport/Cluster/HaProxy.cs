using System.Diagnostics;
using System.Text;

namespace App.TestSupport.Cluster;

/// <summary>
/// HAProxy (Debian's 2.6) in front of API instances on loopback ports, with the project's own load-balancing
/// policy (<c>deploy/haproxy/defaults.cfg</c>, copied next to the tests): readiness checks, retries on another
/// instance. Its stats page tells which instances it sends traffic to.
/// </summary>
public sealed class HaProxy : IAsyncDisposable
{
    public const string InstallHint = "apt-get install haproxy (.ci/run and ./test.sh do it).";

    private readonly Process _process;
    private readonly string _dir;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _stats;

    private HaProxy(Process process, string dir, int port, int statsPort)
    {
        _process = process;
        _dir = dir;
        Address = new Uri($"http://127.0.0.1:{port}");
        _stats = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{statsPort}"), Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>Where clients connect.</summary>
    public Uri Address { get; }

    /// <summary>Starts it with one server per port, named <c>api1</c>, <c>api2</c>...; health checks every <paramref name="checkInterval"/>.</summary>
    public static async Task<HaProxy> StartAsync(IReadOnlyList<int> serverPorts, TimeSpan checkInterval)
    {
        var binary = OwnedProcess.Find("haproxy", InstallHint);
        var defaults = Path.Combine(AppContext.BaseDirectory, "haproxy", "defaults.cfg");
        var dir = Path.Combine(Path.GetTempPath(), "app-haproxy-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var port = OwnedProcess.FreePort();
        var statsPort = OwnedProcess.FreePort();
        var servers = string.Join('\n', serverPorts.Select((p, i) => $"    server api{i + 1} 127.0.0.1:{p} check"));
        await File.WriteAllTextAsync(Path.Combine(dir, "servers.cfg"), $"""
            frontend api
                bind 127.0.0.1:{port}
                default_backend api

            backend api
                balance roundrobin
                default-server inter {(int)checkInterval.TotalMilliseconds}ms
            {servers}

            frontend stats
                bind 127.0.0.1:{statsPort}
                stats enable
                stats uri /stats

            """);
        var info = new ProcessStartInfo(binary, ["-db", "-f", defaults, "-f", Path.Combine(dir, "servers.cfg")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info)!;
        var proxy = new HaProxy(process, dir, port, statsPort);
        process.OutputDataReceived += (_, e) => proxy.Record(e.Data);
        process.ErrorDataReceived += (_, e) => proxy.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        OwnedProcess.KillWhenOwnerExits(process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), dir);
        await OwnedProcess.WaitForPortAsync(port, TimeSpan.FromSeconds(20), proxy.Output);
        return proxy;
    }

    /// <summary>Each server's state as HAProxy sees it (UP, DOWN, "UP 1/2" while rising...), by name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ServerStatesAsync()
    {
        var csv = await _stats.GetStringAsync("/stats;csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        int name = Array.IndexOf(header, "svname"), status = Array.IndexOf(header, "status"), proxy = Array.IndexOf(header, "pxname");
        return lines.Skip(1).Select(l => l.Split(','))
            .Where(f => f[proxy] == "api" && f[name].StartsWith("api", StringComparison.Ordinal))
            .ToDictionary(f => f[name], f => f[status]);
    }

    /// <summary>Waits until HAProxy sends traffic to server <paramref name="name"/> (<c>api1</c>...).</summary>
    public Task WaitUntilAsync(string name, string state, TimeSpan within) => WaitAsync(name, s => s == state, state, within);

    private async Task WaitAsync(string name, Func<string, bool> accept, string what, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if ((await ServerStatesAsync()).TryGetValue(name, out last) && accept(last))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"HAProxy did not see {name} {what} within {within.TotalSeconds:0} s (last: {last}). {Output()}");
    }

    public string Output()
    {
        lock (_output)
        {
            return "HAProxy output: " + _output;
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 20_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stats.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // The watchdog deletes it when the test process ends.
        }
    }
}
