using Auther.Dev.Keys;
using Auther.Dev.State;

namespace Auther.Dev.Cli;

/// <summary>What the verbs need to know about an existing state file before they touch it.</summary>
internal static class StateFiles
{
    /// <summary>The current key's algorithm, so a verb that names none keeps it instead of rotating to the default.</summary>
    public static KeyAlgorithm? CurrentAlgorithm(string path) =>
        StateStore.Open(path).Read(d => d.Keys.LastOrDefault(k => k.RetiresAt is null && !k.Removed)?.Algorithm);

    public static (string? Issuer, string? Audience) Identity(string path) =>
        StateStore.Open(path).Read(d => (d.Issuer, d.Audience));
}
