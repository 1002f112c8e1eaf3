using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace App.Tests.Infrastructure;

/// <summary>
/// The real API binary serving on loopback ports of its own (IPv4 and IPv6), started by bash with a lowered
/// open-file limit (<c>ulimit -n</c>), for what only a whole process shows: running out of descriptors.
/// Its console lines are kept; disposing it kills it.
/// </summary>
public sealed partial class RunningApi : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private RunningApi(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> Lines => _lines;

    public bool HasExited => _process.HasExited;

    public Uri IPv4 { get; private set; } = null!;

    public Uri IPv6 { get; private set; } = null!;

    public static async Task<RunningApi> StartAsync(int openFileLimit, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("bash",
        [
            "-c", "ulimit -n \"$1\" && exec dotnet \"$2\" --urls \"http://127.0.0.1:0;http://[::1]:0\"", "bash",
            openFileLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(AppContext.BaseDirectory, "App.Api.dll"),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.Environment.Clear();
        info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        info.Environment["HOME"] = Environment.GetEnvironmentVariable("HOME");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["Log__Format"] = "text";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var api = new RunningApi(Process.Start(info)!);
        var listening = await Eventually.ReturnsAsync(() => Task.FromResult(api.Listening()), l => l.Count >= 2 || api.HasExited, TimeSpan.FromSeconds(60));
        listening.Count.ShouldBe(2, $"the API did not start listening: {string.Join('\n', api.Lines)}");
        api.IPv4 = listening.Single(u => u.HostNameType == UriHostNameType.IPv4);
        api.IPv6 = listening.Single(u => u.HostNameType == UriHostNameType.IPv6);
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private List<Uri> Listening() =>
        _lines.Select(l => ListeningOn().Match(l)).Where(m => m.Success).Select(m => new Uri(m.Groups[1].Value)).ToList();

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
