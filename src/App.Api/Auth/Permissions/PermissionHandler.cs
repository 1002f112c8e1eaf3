using Microsoft.AspNetCore.Authorization;

namespace App.Api.Auth.Permissions;

/// <summary>
/// Checks the caller's permission set: token permissions and role mapping (on the <see cref="Principal"/>),
/// plus, on organization routes, what the caller's role in THAT organization grants (<see cref="IOrganizationPermissions"/>).
/// </summary>
public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var principal = context.User.GetPrincipal();
        if (principal is null)
        {
            return Task.CompletedTask;
        }

        var organization = (context.Resource as HttpContext)?.Features.Get<IOrganizationPermissions>();
        if (principal.Has(requirement.Permission) || organization?.Has(requirement.Permission) == true)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
