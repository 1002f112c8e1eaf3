using App.Api.Auth.Permissions;

namespace App.Api.Features.Organizations;

/// <summary>
/// The organization named by <c>/api/orgs/{orgSlug}/...</c> and the caller's role in it, resolved once per
/// request by <see cref="OrganizationContextMiddleware"/>. The authorization handler reads it as
/// <see cref="IOrganizationPermissions"/>; handlers take it as a parameter (<c>OrganizationContext org</c>).
/// </summary>
public sealed class OrganizationContext(
    Guid id, string slug, string name, DateTimeOffset createdAt, string role, IReadOnlyList<string> permissions)
    : IOrganizationPermissions
{
    private readonly HashSet<string> _permissions = new(permissions, StringComparer.Ordinal);

    public Guid Id { get; } = id;
    public string Slug { get; } = slug;
    public string Name { get; } = name;
    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>The caller's membership role here: one of <c>MemberRoles</c>.</summary>
    public string Role { get; } = role;

    /// <summary>What the caller's role grants in THIS organization only.</summary>
    public bool Has(string permission) => _permissions.Contains(permission);

    /// <summary>
    /// Lets handlers take <c>OrganizationContext org</c>. The middleware always sets it on organization routes;
    /// a handler asking for it elsewhere is a wiring mistake, not a client error.
    /// </summary>
    public static ValueTask<OrganizationContext?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<OrganizationContext?>(context.Features.Get<OrganizationContext>()
            ?? throw new InvalidOperationException("This endpoint needs an organization route (/api/orgs/{orgSlug}/...)."));
}
