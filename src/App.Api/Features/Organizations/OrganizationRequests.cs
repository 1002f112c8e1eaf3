using System.ComponentModel.DataAnnotations;
using App.Data.Organizations;
using App.Data.Users;

namespace App.Api.Features.Organizations;

public sealed record CreateOrganizationRequest([property: Required] string? Slug, [property: Required] string? Name)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (!OrganizationSlug.IsValid(Slug))
        {
            errors["slug"] = [$"Use {OrganizationSlug.MinLength} to {OrganizationSlug.MaxLength} characters: lowercase letters, digits and '-'."];
        }

        OrganizationName.Validate(Name, errors);
        return errors;
    }
}

public sealed record RenameOrganizationRequest([property: Required] string? Name)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        OrganizationName.Validate(Name, errors);
        return errors;
    }
}

/// <summary><c>role</c> defaults to <c>member</c>.</summary>
public sealed record AddMemberRequest([property: Required] string? UserId, string? Role)
{
    public string EffectiveRole => Role ?? MemberRoles.Member;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(UserId) || UserId.Length > User.IdMaxLength)
        {
            errors["userId"] = [$"Required: the Auther user id (at most {User.IdMaxLength} characters)."];
        }

        MemberRole.Validate(EffectiveRole, errors);
        return errors;
    }
}

public sealed record ChangeMemberRoleRequest([property: Required] string? Role)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        MemberRole.Validate(Role, errors);
        return errors;
    }
}

internal static class OrganizationName
{
    public const int MaxLength = 200;

    public static void Validate(string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxLength)
        {
            errors["name"] = [$"Required, at most {MaxLength} characters."];
        }
    }
}

internal static class MemberRole
{
    public static void Validate(string? role, Dictionary<string, string[]> errors)
    {
        if (role is null || !MemberRoles.All.Contains(role))
        {
            errors["role"] = [$"One of: {string.Join(", ", MemberRoles.All)}."];
        }
    }
}
