using App.Tests.Infrastructure;
using System.Text.RegularExpressions;

namespace App.Tests.ShadowUsers;

/// <summary>
/// One owner for the <c>users</c> row: only <c>src/App.Api/ShadowUsers/</c> writes it. Anywhere else a raw
/// statement or an EF change of <c>Users</c> would restate the precedence rule in its own words.
/// </summary>
public sealed partial class UsersTableWritersTests
{
    [Fact]
    public void OnlyTheShadowUsersModule_WritesTheUsersTable()
    {
        var api = Path.Combine(RepositoryFiles.Root, "src", "App.Api");
        var writers = Directory.EnumerateFiles(api, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}ShadowUsers{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(api, f), Line: i + 1, Text: line)))
            .Where(l => RawWrite().IsMatch(l.Text) || EfWrite().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        writers.ShouldBeEmpty("the users table is written only by src/App.Api/ShadowUsers/ (ShadowUserStore)");
    }

    [GeneratedRegex(@"\b(insert\s+into|update|delete\s+from)\s+users\b", RegexOptions.IgnoreCase)]
    private static partial Regex RawWrite();

    [GeneratedRegex(@"\.Users\s*\.\s*(Add|Attach|Update|Remove)\w*\s*\(|\.Users\b[^;]*\.Execute(Update|Delete)")]
    private static partial Regex EfWrite();
}
