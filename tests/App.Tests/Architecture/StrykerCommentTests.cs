using App.Tests.Infrastructure;
using System.Text.RegularExpressions;

namespace App.Tests.Architecture;

/// <summary>
/// A mutator name Stryker does not know in a "Stryker disable" comment does not stop a mutation run: Stryker logs
/// "not recognized as a mutator" and reads the name as Statement, so the comment silently hides every statement
/// mutant it covers. Every such comment in src/ names only Stryker's mutators and says why after a colon.
/// </summary>
public sealed partial class StrykerCommentTests
{
    // Stryker.NET 5.1's Mutator enum, as its own error message lists the legal values.
    private static readonly HashSet<string> Mutators = new(StringComparer.Ordinal)
    {
        "Statement", "Arithmetic", "Block", "Equality", "Boolean", "Logical", "Assignment", "Unary", "Update", "Checked",
        "Linq", "String", "Bitwise", "Initializer", "Regex", "NullCoalescing", "Math", "StringMethod", "Conditional",
        "CollectionExpression",
    };

    [Fact]
    public void EveryDisableComment_NamesKnownMutators_AndSaysWhy()
    {
        var comments = DisableComments().ToList();
        comments.ShouldNotBeEmpty();

        var wrong = comments
            .Where(c => c.Reason.Length == 0 || c.Names.Any(name => !Mutators.Contains(name)))
            .Select(c => $"{c.File}:{c.Line}: {c.Text}")
            .ToList();

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void TheCheck_RefusesAnUnknownName_AndAMissingReason()
    {
        Parse("// Stryker disable once Equality,Negate: both branches agree").Names.ShouldContain("Negate");
        Parse("// Stryker disable once Equality,Negate: both branches agree").Names.Any(n => !Mutators.Contains(n)).ShouldBeTrue();
        Parse("// Stryker disable once Statement").Reason.ShouldBeEmpty();
        Parse("// Stryker disable once Block: an emptied block returns the same null").Names.ShouldBe(["Block"]);
    }

    private static IEnumerable<(string File, int Line, string Text, string[] Names, string Reason)> DisableComments()
    {
        var src = Path.Combine(RepositoryFiles.Root, "src");
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var parts = Path.GetRelativePath(src, file).Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj"))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("Stryker disable", StringComparison.Ordinal))
                {
                    var (names, reason) = Parse(lines[i]);
                    yield return (Path.GetRelativePath(src, file), i + 1, lines[i].Trim(), names, reason);
                }
            }
        }
    }

    private static (string[] Names, string Reason) Parse(string line)
    {
        var match = DisableComment().Match(line);
        if (!match.Success)
        {
            return (["(unreadable comment)"], "");
        }

        var names = match.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return (names, match.Groups["reason"].Value.Trim());
    }

    [GeneratedRegex(@"//\s*Stryker disable (?:once |next-line )?(?<names>[A-Za-z, ]+?)\s*(?::(?<reason>.*))?$")]
    private static partial Regex DisableComment();
}
