using System.Diagnostics;

namespace Interop.Tests.Infrastructure;

/// <summary>
/// Finds Node.js and the interop server's packages, installing the packages from the lockfile once per run
/// when they are missing. No Node means the suite fails with one line saying so: it is never skipped.
/// </summary>
public static class NodeRuntime
{
    private static readonly Lazy<Task<string>> Prepared = new(PrepareAsync);

    /// <summary>The folder of the interop server, with its packages installed.</summary>
    public static Task<string> ServerDirectoryAsync() => Prepared.Value;

    private static async Task<string> PrepareAsync()
    {
        var directory = FindServerDirectory();
        var (nodeExit, _) = await RunAsync("node", "--version", directory, TimeSpan.FromSeconds(30), throwIfMissing: false);
        if (nodeExit is null)
        {
            throw new InvalidOperationException(
                "The interop suite needs Node.js 20+ and npm on PATH (Debian: apt-get install nodejs npm; .ci/run installs them).");
        }

        if (!Directory.Exists(Path.Combine(directory, "node_modules", "better-auth")))
        {
            var (exit, output) = await RunAsync("npm", "ci --no-audit --no-fund", directory, TimeSpan.FromMinutes(5), throwIfMissing: true);
            if (exit != 0)
            {
                throw new InvalidOperationException($"npm ci failed in {directory} (exit {exit}): {output}");
            }
        }

        return directory;
    }

    private static string FindServerDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Interop", "server");
            if (File.Exists(Path.Combine(candidate, "package-lock.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/Interop/server was not found above {AppContext.BaseDirectory}.");
    }

    private static async Task<(int? ExitCode, string Output)> RunAsync(
        string file, string arguments, string directory, TimeSpan timeout, bool throwIfMissing)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception) when (!throwIfMissing)
        {
            return (null, string.Empty);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {arguments} did not finish within {timeout}.");
            }

            return (process.ExitCode, (await stdout) + (await stderr));
        }
    }
}
