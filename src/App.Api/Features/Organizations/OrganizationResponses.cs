namespace App.Api.Features.Organizations;

/// <summary>An organization as the caller sees it, with the caller's own role in it.</summary>
public sealed record OrganizationResponse(Guid Id, string Slug, string Name, string Role, DateTimeOffset CreatedAt);

public sealed record MemberResponse(string UserId, string? Name, string? Email, string Role, DateTimeOffset JoinedAt);
