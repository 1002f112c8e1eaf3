using App.Tests.Infrastructure;
using System.Text.RegularExpressions;

namespace App.Tests.Architecture;

/// <summary>
/// No two top-level folders of <c>src/App.Api</c> depend on each other, directly or through others: each can be
/// read knowing only the folders it uses (a cycle such as <c>Errors</c> &lt;-&gt; <c>StorableText</c> means neither can).
/// A folder depends on another when one of its files names that folder's namespace (<c>App.Api.Sync</c>, ...).
/// </summary>
public sealed partial class FolderDependencyTests
{
    [Fact]
    public void TopLevelFoldersOfTheApi_FormNoCycle()
    {
        var graph = Dependencies();

        var cycles = graph.Keys.Where(folder => Reachable(graph, folder).Contains(folder))
            .Select(folder => $"{folder} -> {string.Join(", ", graph[folder].Where(other => Reachable(graph, other).Contains(folder)))} -> ... -> {folder}")
            .ToList();

        graph.Keys.ShouldContain("Errors");
        graph["Features"].ShouldContain("Database");
        cycles.ShouldBeEmpty();
    }

    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var api = Path.Combine(RepositoryFiles.Root, "src", "App.Api");
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var file in Directory.EnumerateFiles(api, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(api, file).Split(Path.DirectorySeparatorChar);
            if (relative.Length < 2 || relative[0] is "bin" or "obj")
            {
                continue;
            }

            var uses = graph.TryGetValue(relative[0], out var existing) ? existing : graph[relative[0]] = [];
            var lines = File.ReadLines(file).Where(line => !line.StartsWith("namespace ", StringComparison.Ordinal));
            foreach (var match in lines.SelectMany(line => NamespaceUse().Matches(line)))
            {
                if (match.Groups[1].Value != relative[0])
                {
                    uses.Add(match.Groups[1].Value);
                }
            }
        }

        return graph;
    }

    private static HashSet<string> Reachable(Dictionary<string, HashSet<string>> graph, string start)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([start]);
        while (pending.TryPop(out var folder))
        {
            foreach (var next in graph.GetValueOrDefault(folder, []))
            {
                if (seen.Add(next))
                {
                    pending.Push(next);
                }
            }
        }

        return seen;
    }

    /// <summary><c>using App.Api.Sync;</c> or a qualified <c>App.Api.Sync.SyncService</c>.</summary>
    [GeneratedRegex(@"\bApp\.Api\.(\w+)")]
    private static partial Regex NamespaceUse();
}
