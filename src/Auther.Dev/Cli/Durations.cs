using System.Globalization;

namespace Auther.Dev.Cli;

/// <summary>Durations on the command line: <c>500ms</c>, <c>30s</c>, <c>15m</c>, <c>1h</c>, <c>2d</c>, or a .NET TimeSpan.</summary>
internal static class Durations
{
    public static TimeSpan Parse(string text)
    {
        var units = new (string Suffix, Func<double, TimeSpan> Make)[]
        {
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes),
            ("h", TimeSpan.FromHours), ("d", TimeSpan.FromDays),
        };
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return make(value);
            }
        }

        return TimeSpan.Parse(text, CultureInfo.InvariantCulture);
    }
}
