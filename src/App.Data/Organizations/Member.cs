namespace App.Data.Organizations;

public sealed class Member
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public required string UserId { get; set; }

    /// <summary>One of <see cref="MemberRoles"/>.</summary>
    public required string Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Organization? Organization { get; set; }
}

public static class MemberRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";

    public static readonly IReadOnlyList<string> All = [Owner, Admin, Member];
}
