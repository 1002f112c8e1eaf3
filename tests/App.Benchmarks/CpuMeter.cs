using System.Globalization;

namespace App.Benchmarks;

/// <summary>
/// Where the CPU went during a phase: this process (the API and the sender share it) versus every
/// PostgreSQL process on the machine, from /proc (Linux only; zero elsewhere).
/// </summary>
internal readonly record struct CpuSample(TimeSpan App, TimeSpan Postgres, TimeSpan Machine)
{
    // USER_HZ: the unit of /proc/[pid]/stat times, 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public static CpuSample Take() => OperatingSystem.IsLinux()
        ? new CpuSample(Environment.CpuUsage.TotalTime, TimeSpan.FromSeconds(PostgresTicks() / TicksPerSecond), TimeSpan.FromSeconds(MachineTicks() / TicksPerSecond))
        : default;

    /// <summary>
    /// CPU used by everything else: other processes (someone's build skews every figure) and kernel work
    /// not charged to a process (some of the loopback network and disk flushing this run causes).
    /// </summary>
    public TimeSpan Others => Machine - App - Postgres;

    public static CpuSample operator -(CpuSample after, CpuSample before) =>
        new(after.App - before.App, after.Postgres - before.Postgres, after.Machine - before.Machine);

    public string PerRequest(int requests) =>
        $"CPU per request: app+sender {App.TotalMicroseconds / requests:0} us, PostgreSQL {Postgres.TotalMicroseconds / requests:0} us " +
        $"(rest of the machine: {Math.Max(0, Others.TotalSeconds):0.0} CPU-s)";

    /// <summary>Busy time of all CPUs: the first line of /proc/stat minus idle and iowait.</summary>
    private static long MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return fields.Take(8).Sum() - fields[3] - fields[4];
    }

    private static long PostgresTicks()
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                if (close < 0 || !stat.AsSpan(0, close).Contains("(postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after "(comm) ": state is field 3, utime 14, stime 15 (1-based).
                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while being read, or is not ours to read.
            }
        }

        return ticks;
    }
}
