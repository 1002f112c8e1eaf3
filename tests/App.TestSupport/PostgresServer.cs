using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace App.TestSupport;

/// <summary>
/// One throwaway PostgreSQL for the whole test run: the server named by TEST_DATABASE_URL, else a container
/// when Docker answers, else a cluster started from the installed server binaries on a free loopback port
/// (see <see cref="DatabaseSource"/>). A cluster is removed when the run ends, failed or not; a run that was
/// killed outright is cleaned up by the next one.
/// </summary>
public sealed class PostgresServer
{
    private const string ClusterPrefix = "app-tests-pg-";
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly Cluster? _cluster;

    private PostgresServer(string adminConnectionString, Cluster? cluster = null)
    {
        AdminConnectionString = adminConnectionString;
        _cluster = cluster;
    }

    /// <summary>Where a cluster this run started lives, so a fault test can stop and start it.</summary>
    private sealed record Cluster(bool AsRoot, string BinDir, string PgData, string Log, string Options);

    /// <summary>Superuser connection to the maintenance database.</summary>
    public string AdminConnectionString { get; }

    public static Task<PostgresServer> InstanceAsync() => Shared.Value;

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    /// <summary>
    /// A cluster of its own (never the shared one, even with TEST_DATABASE_URL), for tests that stop the
    /// database under traffic while other test classes keep using theirs.
    /// </summary>
    public static Task<PostgresServer> StartPrivateAsync() =>
        StartFromBinariesAsync(FindBinDir() ?? throw new InvalidOperationException("A private cluster needs the PostgreSQL server binaries (initdb, pg_ctl)."));

    /// <summary>Stops the server as an operator's <c>pg_ctl stop -m fast</c> would: open sessions are ended (57P01).</summary>
    public void Stop() => PgCtl("-m fast -w -t 60 stop");

    public void Start() => PgCtl($"-l {_cluster!.Log} -w -t 60 -o \"{_cluster.Options}\" start");

    private void PgCtl(string arguments)
    {
        var cluster = _cluster ?? throw new InvalidOperationException("Only a cluster this run started can be stopped.");
        RunAsOwner(cluster.AsRoot, Path.Combine(cluster.BinDir, "pg_ctl"), $"-D {cluster.PgData} {arguments}");
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var url = Environment.GetEnvironmentVariable("TEST_DATABASE_URL");
        var binDir = FindBinDir();
        var source = DatabaseSource.Choose(url, await DockerProbe.ProbeAsync(), binDir);
        // Once per run, on stderr so that `dotnet test` shows it.
        await Console.Error.WriteLineAsync($"Test PostgreSQL: {source.Description}");
        return source.Kind switch
        {
            DatabaseSourceKind.Url => new PostgresServer(new NpgsqlConnectionStringBuilder(DatabaseSource.ConnectionString(url!)) { Pooling = true }.ConnectionString),
            DatabaseSourceKind.Container => new PostgresServer(await PostgresContainer.StartAsync()),
            _ => await StartFromBinariesAsync(binDir!),
        };
    }

    private static async Task<PostgresServer> StartFromBinariesAsync(string binDir)
    {
        SweepAbandonedClusters();
        var dataDir = Path.Combine(Path.GetTempPath(), $"{ClusterPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        // Made under a name no sweep looks at and renamed once it names its owner: a sweep running meanwhile (another
        // private cluster starting in this process, or another test run) would delete an ownerless cluster directory.
        var staging = Path.Combine(Path.GetTempPath(), $"staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        await File.WriteAllTextAsync(Path.Combine(staging, "..owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.Move(staging, dataDir);
        var pgData = Path.Combine(dataDir, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", $"-R postgres:postgres {dataDir}");
        }

        RunAsOwner(asRoot, Path.Combine(binDir, "initdb"), $"-D {pgData} -U postgres -A trust -E UTF8 --no-locale --no-sync");
        var port = FreePort();
        var options = $"-h 127.0.0.1 -p {port} -k {dataDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off " +
                      "-c max_connections=300 -c shared_buffers=128MB";
        var log = Path.Combine(dataDir, "server.log");
        RunAsOwner(asRoot, Path.Combine(binDir, "pg_ctl"), $"-D {pgData} -l {log} -w -t 60 -o \"{options}\" start");

        StartWatchdog(asRoot, binDir, dataDir);
        return new PostgresServer(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=200;Timeout=30",
            new Cluster(asRoot, binDir, pgData, log, options));
    }

    /// <summary>
    /// The test host is often killed before ProcessExit handlers finish, so cleanup lives in a detached
    /// watchdog: it waits for this process to end (however it ends), then stops the server and deletes
    /// the cluster.
    /// </summary>
    private static void StartWatchdog(bool asRoot, string binDir, string dataDir)
    {
        var owner = asRoot ? "runuser -u postgres -- " : string.Empty;
        var script =
            $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 0.3; done; " +
            $"{owner}{Path.Combine(binDir, "pg_ctl")} -D {Path.Combine(dataDir, "data")} -m immediate -w -t 20 stop >/dev/null 2>&1; " +
            $"rm -rf {dataDir}";
        var info = new ProcessStartInfo("setsid", ["bash", "-c", script])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process.Start(info)?.Dispose();
    }

    /// <summary>Stops and deletes clusters left by test runs whose process no longer exists.</summary>
    private static void SweepAbandonedClusters()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), ClusterPrefix + "*"))
        {
            var pidFile = Path.Combine(dir, "..owner.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), out var pid) && ProcessIsAlive(pid))
            {
                continue;
            }

            var postmasterPid = Path.Combine(dir, "data", "postmaster.pid");
            if (File.Exists(postmasterPid) && int.TryParse(File.ReadLines(postmasterPid).FirstOrDefault(), out var serverPid) && ProcessIsAlive(serverPid))
            {
                try
                {
                    Process.GetProcessById(serverPid).Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }

            TryDelete(dir);
        }
    }

    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? FindBinDir() =>
        CandidateBinDirs().FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));

    private static IEnumerable<string> CandidateBinDirs()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(dir, "initdb");
            if (File.Exists(initdb))
            {
                yield return Path.GetDirectoryName(new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb)!;
            }
        }

        var fromPgConfig = TryRun("pg_config", "--bindir");
        if (!string.IsNullOrWhiteSpace(fromPgConfig))
        {
            yield return fromPgConfig.Trim();
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            foreach (var dir in Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            {
                yield return Path.Combine(dir, "bin");
            }
        }
    }

    private static int FreePort() => FreePorts.Pick();

    private static void RunAsOwner(bool asRoot, string file, string arguments)
    {
        if (asRoot)
        {
            Run("runuser", $"-u postgres -- {file} {arguments}");
        }
        else
        {
            Run(file, arguments);
        }
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {arguments} timed out");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        }
    }

    private static string? TryRun(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, UseShellExecute = false });
            var output = process!.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static void TryDelete(string dir)
    {
        // A server that was just stopped may still be unlinking its files; retry briefly.
        for (var attempt = 0; attempt < 5 && Directory.Exists(dir); attempt++)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
