using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Auther.Dev.Tests.Infrastructure;

/// <summary>
/// <c>serve --seed</c> as a real process on a free loopback port, ready once its seed file is written; disposing
/// it kills the process it started.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private ServeProcess(Process process, string directory, Uri baseUrl, IReadOnlyDictionary<string, string> seed)
    {
        _process = process;
        _directory = directory;
        BaseUrl = baseUrl;
        Seed = seed;
    }

    public Uri BaseUrl { get; }

    /// <summary>The <c>--seed-env</c> file's settings (ADMIN_EMAIL, ADMIN_PASSWORD, USER_PASSWORD...).</summary>
    public IReadOnlyDictionary<string, string> Seed { get; }

    public static async Task<ServeProcess> StartAsync(IDictionary<string, string> environment, params string[] args)
    {
        var directory = Directory.CreateTempSubdirectory("auther-dev-serve-").FullName;
        var envFile = Path.Combine(directory, "seed.env");
        var port = FreePort();
        var process = CliProcess.Start(environment, ["serve", "--host", "127.0.0.1", "--port", port.ToString(), "--seed", "--seed-env", envFile, .. args]);
        var waited = Stopwatch.StartNew();
        while (!File.Exists(envFile) && waited.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
        {
            await Task.Delay(100);
        }

        if (!File.Exists(envFile))
        {
            var output = process.HasExited ? await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync() : "";
            process.Kill(entireProcessTree: true);
            process.Dispose();
            Directory.Delete(directory, recursive: true);
            throw new InvalidOperationException($"serve did not write its seed file: {output}");
        }

        var seed = File.ReadAllLines(envFile).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return new ServeProcess(process, directory, new Uri($"http://127.0.0.1:{port}/"), seed);
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
