namespace App.Api.Auth.Permissions;

/// <summary>Set on the request by the organization context of <c>/api/orgs/{orgSlug}/...</c> routes.</summary>
public interface IOrganizationPermissions
{
    /// <summary>The caller's membership role in this organization.</summary>
    string Role { get; }

    bool Has(string permission);
}
