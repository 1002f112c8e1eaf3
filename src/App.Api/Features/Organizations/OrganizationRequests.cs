using System.ComponentModel.DataAnnotations;
using App.Data.Organizations;
using App.Data.Users;

namespace App.Api.Features.Organizations;

// Each record is checked by its attributes before the handler runs (a failure answers 400 with `errors` by field).

public sealed record CreateOrganizationRequest(
    [property: Required, RegularExpression(OrganizationSlug.Pattern, ErrorMessage = OrganizationSlug.Rule)] string? Slug,
    [property: Required, StringLength(OrganizationName.MaxLength)] string? Name);

public sealed record RenameOrganizationRequest([property: Required, StringLength(OrganizationName.MaxLength)] string? Name);

/// <summary><c>role</c> defaults to <c>member</c>.</summary>
public sealed record AddMemberRequest(
    [property: Required, StringLength(User.IdMaxLength)] string? UserId,
    [property: AllowedValues(MemberRoles.Owner, MemberRoles.Admin, MemberRoles.Member, null, ErrorMessage = MemberRole.Rule)] string? Role)
{
    public string EffectiveRole => Role ?? MemberRoles.Member;
}

public sealed record ChangeMemberRoleRequest(
    [property: Required, AllowedValues(MemberRoles.Owner, MemberRoles.Admin, MemberRoles.Member, ErrorMessage = MemberRole.Rule)] string? Role);

internal static class OrganizationName
{
    public const int MaxLength = 200;
}

internal static class MemberRole
{
    public const string Rule = $"One of: {MemberRoles.Owner}, {MemberRoles.Admin}, {MemberRoles.Member}.";
}
