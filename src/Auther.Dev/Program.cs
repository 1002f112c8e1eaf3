using Auther.Dev.Cli;

namespace Auther.Dev;

/// <summary>
/// A named entry point rather than top-level statements: .NET 10 makes a top-level <c>Program</c> public in
/// the global namespace, where it would collide with the app's own <c>Program</c> in test projects that
/// reference both.
/// </summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => AutherDevCli.RunAsync(args);
}
