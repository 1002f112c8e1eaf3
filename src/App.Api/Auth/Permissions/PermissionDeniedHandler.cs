using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace App.Api.Auth.Permissions;

/// <summary>
/// A refused policy answers a 403 problem that names the permission the caller lacks (<c>code</c>
/// <c>missing_permission</c>, <c>permission</c>) and what was looked at: the caller's own token and roles,
/// never anything about other users. Everything else goes the default way.
/// </summary>
public sealed class PermissionDeniedHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // Stryker disable once Conditional,Linq: only a forbidden result carries failed requirements (a challenge or a success has no
        // AuthorizationFailure), so the test spares nothing but a null read; and First() for FirstOrDefault() cannot throw, as a forbidden
        // caller is authenticated (the only other requirement passed) and no handler calls Fail(), so a PermissionRequirement is always among them.
        var missing = authorizeResult.Forbidden
            ? authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>().FirstOrDefault()
            : null;
        if (missing is null)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        var organization = context.Features.Get<IOrganizationPermissions>();
        var grantedBy = organization is null
            ? "Neither your token's permissions nor your roles grant it."
            : $"Neither your token's permissions, your roles nor your role '{organization.Role}' in this organization grant it.";
        return AuthProblems.WriteForbiddenAsync(context, "missing_permission", "Missing permission",
            $"This needs the permission '{missing.Permission}'. {grantedBy}",
            ("permission", missing.Permission));
    }
}
