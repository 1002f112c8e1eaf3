using System.Text.RegularExpressions;

namespace App.Api.Features.Organizations;

/// <summary>The one rule for organization slugs: lowercase a-z, 0-9 and '-', 2 to 100 characters.</summary>
public static partial class OrganizationSlug
{
    public const int MinLength = 2;
    public const int MaxLength = 100;

    public static bool IsValid(string? slug) => slug is not null && Pattern().IsMatch(slug);

    [GeneratedRegex(@"^[a-z0-9-]{2,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
