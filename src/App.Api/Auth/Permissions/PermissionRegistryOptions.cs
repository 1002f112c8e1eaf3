namespace App.Api.Auth.Permissions;

/// <summary>
/// The app's own mapping of roles to permissions (section <c>Authorization</c>). Auther's deployed tokens
/// carry a <c>role</c> but no <c>permissions</c>; this is how an admin still gets the admin policies.
/// Organization roles apply on <c>/api/orgs/{orgSlug}/...</c> routes only, for that organization.
/// A role listed in configuration replaces its default list.
/// </summary>
public sealed class PermissionRegistryOptions
{
    public const string SectionName = "Authorization";

    public Dictionary<string, string[]> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["admin"] =
        [
            Policies.UserRead, Policies.UserDeactivate, Policies.UserReactivate, Policies.AuditRead, Policies.TokenRevoke, Policies.WebhookRead, Policies.WebhookReplay,
            Policies.NotificationsRead, Policies.NotificationsWrite,
        ],
        // Deployed Auther's tokens carry only a role: every signed-in user must still reach their own notifications.
        ["user"] = [Policies.NotificationsRead, Policies.NotificationsWrite],
    };

    public Dictionary<string, string[]> OrganizationRoles { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["owner"] = [Policies.ExpenseApprove, Policies.ExpenseCreate, Policies.MemberManage],
        ["admin"] = [Policies.ExpenseApprove, Policies.ExpenseCreate, Policies.MemberManage],
        ["member"] = [Policies.ExpenseCreate],
    };

    public IEnumerable<string> ForRoles(IEnumerable<string> roles) =>
        roles.SelectMany(r => Roles.TryGetValue(r, out var permissions) ? permissions : []);

    public IReadOnlyList<string> ForOrganizationRole(string role) =>
        OrganizationRoles.TryGetValue(role, out var permissions) ? permissions : [];
}
