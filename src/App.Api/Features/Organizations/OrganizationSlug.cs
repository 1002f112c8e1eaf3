using System.Text.RegularExpressions;

namespace App.Api.Features.Organizations;

/// <summary>The one rule for organization slugs: lowercase a-z, 0-9 and '-', 2 to 100 characters.</summary>
public static partial class OrganizationSlug
{
    public const int MinLength = 2;
    public const int MaxLength = 100;

    /// <summary>Here and in <c>[RegularExpression]</c> on the create request.</summary>
    public const string Pattern = @"^[a-z0-9-]{2,100}\z";

    public const string Rule = "Use 2 to 100 characters: lowercase letters, digits and '-'.";

    public static bool IsValid(string? slug) => slug is not null && Regex().IsMatch(slug);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Regex();
}
