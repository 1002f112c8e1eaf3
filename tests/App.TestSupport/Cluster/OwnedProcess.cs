using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace App.TestSupport.Cluster;

/// <summary>
/// Helpers for the servers a cluster test starts from installed binaries (HAProxy, PgBouncer): free ports, the
/// binary's path, and a detached watchdog that ends a server when the process that started it ends, however it
/// ends (a killed test host runs no clean-up of its own).
/// </summary>
public static class OwnedProcess
{
    public static int FreePort() => FreePorts.Pick();

    /// <summary>The binary on PATH or in the sbin folders Debian installs daemons into.</summary>
    public static string Find(string name, string installHint) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not installed: {installHint}");

    /// <summary>
    /// Kills the server (<paramref name="pid"/>: a number, or a shell expression such as <c>$(cat file.pid)</c>) and
    /// deletes <paramref name="dir"/>, once this process is gone.
    /// </summary>
    public static void KillWhenOwnerExits(string pid, string dir)
    {
        var script =
            $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 0.5; done; " +
            $"kill -9 {pid} 2>/dev/null; rm -rf {dir}";
        var info = new ProcessStartInfo("setsid", ["bash", "-c", script])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process.Start(info)?.Dispose();
    }

    /// <summary>Waits until something accepts TCP connections on the loopback <paramref name="port"/>.</summary>
    public static async Task WaitForPortAsync(int port, TimeSpan within, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (SocketException ex)
            {
                throw new InvalidOperationException($"Nothing listens on 127.0.0.1:{port} after {within.TotalSeconds:0} s ({ex.Message}). {diagnostics()}");
            }
        }
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        })!;
        kill.WaitForExit();
    }
}
