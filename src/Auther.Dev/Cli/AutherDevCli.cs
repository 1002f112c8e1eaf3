using System.CommandLine;
using Auther.Dev.Keys;

namespace Auther.Dev.Cli;

/// <summary>The verbs: <c>serve</c> (the default), <c>mint-token</c>, <c>rotate-key</c>.</summary>
internal static class AutherDevCli
{
    private static readonly string[] Verbs = ["serve", "mint-token", "rotate-key"];

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Local Auther: a dev and test server that speaks Auther's contract. Test infrastructure, not a production IdP.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MintTokenCommand.Create());
        root.Subcommands.Add(RotateKeyCommand.Create());

        // `Auther.Dev --port 5090` serves, like `Auther.Dev serve --port 5090`.
        var serveByDefault = args.Length == 0 || (args[0].StartsWith('-') && args[0] is not ("--help" or "-h" or "-?" or "--version"));
        if (serveByDefault && !Verbs.Contains(args.FirstOrDefault()))
        {
            args = ["serve", .. args];
        }

        try
        {
            // Exceptions are ours to report (below); signals are the web host's (serve stops gracefully on SIGTERM).
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await root.Parse(args).InvokeAsync(invocation);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or OverflowException)
        {
            // A bad flag or file is the user's to fix: one line naming it, not a stack trace.
            await Console.Error.WriteLineAsync($"Auther.Dev: {ex.Message}");
            return 1;
        }
    }

    internal static KeyAlgorithm ParseAlgorithm(string value) => value.ToUpperInvariant() switch
    {
        "EDDSA" or "ED25519" => KeyAlgorithm.EdDSA,
        "RS256" => KeyAlgorithm.RS256,
        "ES256" => KeyAlgorithm.ES256,
        _ => throw new ArgumentException($"Unknown algorithm {value} (EdDSA, RS256, ES256)."),
    };

    internal static Option<string?> StateOption(bool required) => new("--state")
    {
        Description = "State file (keys, users, grants); tokens survive a restart.",
        Required = required,
    };
}
