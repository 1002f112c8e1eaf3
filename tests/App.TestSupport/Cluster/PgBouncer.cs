using System.Diagnostics;
using Npgsql;

namespace App.TestSupport.Cluster;

/// <summary>
/// PgBouncer (Debian's 1.18 here) in transaction mode in front of a PostgreSQL server, as production runs a
/// pooler: every database on that server is reachable through it under the same name. It refuses to run as
/// root, so as root it runs as the <c>postgres</c> OS user. Clients do not authenticate to it (loopback only,
/// <c>auth_type = any</c>); it logs in to PostgreSQL as the server's own user.
/// </summary>
public sealed class PgBouncer : IAsyncDisposable
{
    public const string InstallHint = "apt-get install pgbouncer (.ci/run and ./test.sh do it).";

    private static readonly Lazy<Task<PgBouncer>> Shared = new(async () => await StartAsync((await PostgresServer.InstanceAsync()).AdminConnectionString));

    private readonly Process _process;
    private readonly string _dir;

    private PgBouncer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>One pooler for the whole test run, in front of the run's PostgreSQL; it ends with the test process.</summary>
    public static Task<PgBouncer> InstanceAsync() => Shared.Value;

    /// <summary>The same database as <paramref name="directConnectionString"/>, through this pooler.</summary>
    public string Through(string directConnectionString) =>
        new NpgsqlConnectionStringBuilder(directConnectionString) { Host = "127.0.0.1", Port = Port, Password = null }.ConnectionString;

    public static async Task<PgBouncer> StartAsync(string serverConnectionString)
    {
        var binary = OwnedProcess.Find("pgbouncer", InstallHint);
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString);
        var asRoot = Environment.UserName == "root";
        var dir = Path.Combine(Path.GetTempPath(), "app-pgbouncer-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var port = OwnedProcess.FreePort();
        var password = string.IsNullOrEmpty(server.Password) ? string.Empty : $" password={server.Password}";
        await File.WriteAllTextAsync(Path.Combine(dir, "pgbouncer.ini"), $"""
            [databases]
            * = host={server.Host} port={server.Port} user={server.Username}{password}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = any
            pool_mode = transaction
            max_client_conn = 2000
            default_pool_size = 20
            ; Hand out server connections in turn, not the last one used: a statement that wrongly outlived its
            ; transaction then fails at once instead of by chance.
            server_round_robin = 1
            ignore_startup_parameters = extra_float_digits
            logfile = {dir}/pgbouncer.log
            pidfile = {dir}/pgbouncer.pid
            """);
        if (asRoot)
        {
            Run("chown", $"-R postgres:postgres {dir}");
        }

        var info = asRoot
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", binary, Path.Combine(dir, "pgbouncer.ini")])
            : new ProcessStartInfo(binary, [Path.Combine(dir, "pgbouncer.ini")]);
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        OwnedProcess.KillWhenOwnerExits($"$(cat {Path.Combine(dir, "pgbouncer.pid")} 2>/dev/null)", dir);
        var bouncer = new PgBouncer(process, dir, port);
        await OwnedProcess.WaitForPortAsync(port, TimeSpan.FromSeconds(20), bouncer.Log);
        return bouncer;
    }

    /// <summary>The end of its log, for a failure message.</summary>
    public string Log()
    {
        var file = Path.Combine(_dir, "pgbouncer.log");
        return File.Exists(file) ? "PgBouncer log: " + string.Join('\n', File.ReadLines(file).TakeLast(20)) : "PgBouncer wrote no log.";
    }

    public async ValueTask DisposeAsync()
    {
        var pidFile = Path.Combine(_dir, "pgbouncer.pid");
        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
        {
            OwnedProcess.Signal(pid, "TERM");
        }

        await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token).ContinueWith(_ => { });
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

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardError = true })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {process.StandardError.ReadToEnd()}");
        }
    }
}
