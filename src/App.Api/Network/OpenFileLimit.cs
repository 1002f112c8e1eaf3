using System.Globalization;

namespace App.Api.Network;

/// <summary>
/// The process's open-file limit (RLIMIT_NOFILE), read from <c>/proc/self/limits</c> on Linux; null elsewhere.
/// Every socket takes one: past the soft limit, accept() fails and the runtime's own timers and pipes fail with
/// it. The .NET runtime already raises the soft limit to the hard one at start (where the OS allows it), so
/// what is read here is what the process really has.
/// </summary>
public sealed record OpenFileLimit(long Soft, long Hard)
{
    public static OpenFileLimit? Read(string path = "/proc/self/limits")
    {
        if (!File.Exists(path))
        {
            return null;
        }

        // "Max open files            1024                 524288               files"
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: >= 2 } && Parse(fields[0]) is { } soft && Parse(fields[1]) is { } hard ? new OpenFileLimit(soft, hard) : null;
    }

    private static long? Parse(string value) =>
        value == "unlimited" ? long.MaxValue : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
