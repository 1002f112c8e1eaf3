using App.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace App.Tests.Webhooks;

/// <summary>
/// Reads C# sources with Roslyn (syntax only) for <see cref="FixedTimeComparisonTests"/>. A file handles secret
/// material when it computes a MAC or password hash, or already compares with FixedTimeEquals. In such a file every
/// <c>==</c>/<c>!=</c> needs a plainly public side (a literal, a length or count, a constant of that file), and
/// no Equals, SequenceEqual or Compare call is allowed: those are the comparisons that stop at the first difference.
/// </summary>
public static class SecretComparisons
{
    private static readonly string[] SecretApis = ["CreateHMAC", "HmacData", "Pbkdf2", "Rfc2898DeriveBytes", "FixedTimeEquals"];
    private static readonly string[] EarlyExitCalls = ["Equals", "SequenceEqual", "SequenceCompareTo", "Compare", "CompareTo", "CompareOrdinal"];
    private static readonly string[] SizeSuffixes = ["Length", "Count", "Offset", "Size"];

    public sealed record SourceFile(string Path, CompilationUnitSyntax Root)
    {
        public bool HandlesSecrets => Root.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) &&
            (t.ValueText.StartsWith("HMAC", StringComparison.Ordinal) || SecretApis.Contains(t.ValueText)));

        public bool CallsFixedTimeEquals => Root.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => Name(i) == "FixedTimeEquals");

        public bool DeclaresType(string name) => Root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Any(t => t.Identifier.ValueText == name);
    }

    /// <summary>Every C# file under the repository's src/ (build output left out), wherever its folder.</summary>
    public static IReadOnlyList<SourceFile> ReadSources()
    {
        var src = Path.Combine(RepositoryFiles.Root, "src");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(src, path).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(path => Parse(Path.GetRelativePath(src, path), File.ReadAllText(path)))
            .ToList();
    }

    public static SourceFile Parse(string path, string text) => new(path, CSharpSyntaxTree.ParseText(text).GetCompilationUnitRoot());

    /// <summary>The comparisons in <paramref name="file"/> that could stop early on secret material ("path:line: code").</summary>
    public static IEnumerable<string> Violations(SourceFile file)
    {
        if (!file.HandlesSecrets)
        {
            yield break;
        }

        var constants = file.Root.DescendantNodes()
            .Select(n => n switch
            {
                FieldDeclarationSyntax f when f.Modifiers.Any(SyntaxKind.ConstKeyword) => f.Declaration,
                LocalDeclarationStatementSyntax l when l.IsConst => l.Declaration,
                _ => null,
            })
            .OfType<VariableDeclarationSyntax>()
            .SelectMany(d => d.Variables.Select(v => v.Identifier.ValueText))
            .ToHashSet(StringComparer.Ordinal);

        foreach (var node in file.Root.DescendantNodes())
        {
            var suspicious = node switch
            {
                BinaryExpressionSyntax b when b.IsKind(SyntaxKind.EqualsExpression) || b.IsKind(SyntaxKind.NotEqualsExpression) =>
                    !IsPlainlyPublic(b.Left, constants) && !IsPlainlyPublic(b.Right, constants),
                InvocationExpressionSyntax i => EarlyExitCalls.Contains(Name(i)),
                _ => false,
            };
            if (suspicious)
            {
                yield return $"{file.Path}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {node}";
            }
        }
    }

    private static bool IsPlainlyPublic(ExpressionSyntax expression, HashSet<string> constants) => expression switch
    {
        LiteralExpressionSyntax or DefaultExpressionSyntax or TypeOfExpressionSyntax => true,
        ParenthesizedExpressionSyntax p => IsPlainlyPublic(p.Expression, constants),
        MemberAccessExpressionSyntax m => IsSizeOrConstant(m.Name.Identifier.ValueText, constants),
        IdentifierNameSyntax i => IsSizeOrConstant(i.Identifier.ValueText, constants),
        _ => false,
    };

    private static bool IsSizeOrConstant(string name, HashSet<string> constants) =>
        constants.Contains(name) || SizeSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal));

    private static string Name(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
        IdentifierNameSyntax i => i.Identifier.ValueText,
        GenericNameSyntax g => g.Identifier.ValueText,
        _ => string.Empty,
    };
}
