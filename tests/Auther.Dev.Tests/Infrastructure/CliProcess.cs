using System.Diagnostics;

namespace Auther.Dev.Tests.Infrastructure;

/// <summary>Runs the local Auther's real executable with arguments, as a developer would from a shell.</summary>
public static class CliProcess
{
    public static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Starts it without waiting (e.g. <c>serve</c>); the caller ends the process it started.</summary>
    public static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts it with these environment variables set (secrets a developer keeps out of the command line).</summary>
    public static Process Start(IDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Auther.Dev.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
