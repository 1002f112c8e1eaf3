using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace App.TestSupport.Cluster;

/// <summary>
/// One API instance as its own process (<c>dotnet App.Api.dll --urls ...</c>, the binary built beside the tests),
/// configured by environment only, as an operator or an orchestrator runs it; stopped with SIGTERM.
/// </summary>
public sealed class ApiInstance : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _probe;

    private ApiInstance(Process process, int port)
    {
        _process = process;
        Port = port;
        Address = new Uri($"http://127.0.0.1:{port}");
        _probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the API on 127.0.0.1:<paramref name="port"/> with exactly <paramref name="environment"/> (plus PATH and HOME).</summary>
    public static ApiInstance Start(int port, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "App.Api.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment.Clear();
        info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        info.Environment["HOME"] = Environment.GetEnvironmentVariable("HOME");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var instance = new ApiInstance(process, port);
        process.OutputDataReceived += (_, e) => instance.Record(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return instance;
    }

    /// <summary>Settings (<c>Section:Key</c>) as the environment variables the API reads (<c>Section__Key</c>).</summary>
    public static Dictionary<string, string> EnvironmentFor(IEnumerable<KeyValuePair<string, string?>> settings) =>
        settings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);

    /// <summary>Waits until <c>/health/ready</c> answers 200: the instance can serve.</summary>
    public async Task WaitReadyAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < within)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API on port {Port} exited ({_process.ExitCode}) before it was ready. {Output()}");
            }

            try
            {
                using var response = await _probe.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The API on port {Port} was not ready within {within.TotalSeconds:0} s (last answer: {last}). {Output()}");
    }

    /// <summary>What an orchestrator sends to stop it.</summary>
    public void Terminate() => OwnedProcess.Signal(_process.Id, "TERM");

    /// <summary>Its exit code; throws if it has not exited within <paramref name="within"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The API on port {Port} did not exit within {within.TotalSeconds:0} s. {Output()}");
        }

        return _process.ExitCode;
    }

    /// <summary>What it printed (the first 50 kB), for failure messages.</summary>
    public string Output()
    {
        lock (_output)
        {
            return $"Output of the API on port {Port.ToString(CultureInfo.InvariantCulture)}:\n{_output}";
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
            if (_output.Length < 50_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _probe.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
