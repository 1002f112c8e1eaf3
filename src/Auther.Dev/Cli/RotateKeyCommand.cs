using System.CommandLine;
using Auther.Dev.Keys;
using Auther.Dev.State;

namespace Auther.Dev.Cli;

/// <summary><c>rotate-key</c>: add a new current key to the state file; a running <c>serve</c> on that file picks it up.</summary>
internal static class RotateKeyCommand
{
    public static Command Create()
    {
        var state = AutherDevCli.StateOption(required: true);
        var alg = new Option<string?>("--alg") { Description = "EdDSA, RS256 or ES256 (default: the current key's)." };
        var grace = new Option<string>("--grace") { Description = "How long the old key stays published.", DefaultValueFactory = _ => "30d" };

        var command = new Command("rotate-key", "Make a new signing key; old keys stay published for the grace period.");
        command.Options.Add(state);
        command.Options.Add(alg);
        command.Options.Add(grace);
        command.SetAction(parse =>
        {
            var file = parse.GetValue(state)!;
            var algorithm = parse.GetValue(alg) is { } named
                ? AutherDevCli.ParseAlgorithm(named)
                : StateFiles.CurrentAlgorithm(file) ?? KeyAlgorithm.EdDSA;
            var keys = new KeyRing(StateStore.Open(file), TimeProvider.System, Cli.Durations.Parse(parse.GetValue(grace)!));
            var key = keys.Rotate(algorithm);
            Console.WriteLine($"{key.Kid} {key.Algorithm}");
            return 0;
        });
        return command;
    }
}
