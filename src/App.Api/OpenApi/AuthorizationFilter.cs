using App.Api.Auth.Permissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace App.Api.OpenApi;

/// <summary>
/// Says on each operation who may call it: the lock (and 401) only where a token is needed, the permission
/// its policy names in the description, with the organization roles that grant it there. Every operation that
/// needs a token also answers 403: a deactivated account is refused on all of them, "any signed-in caller" too.
/// </summary>
public sealed class AuthorizationFilter(IOptions<PermissionRegistryOptions> registry) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
            Describe(operation, "Anonymous: no token needed.");
            return;
        }

        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.BearerScheme, context.Document)] = [] },
        ];
        ProblemResponsesFilter.Add(operation, context, StatusCodes.Status401Unauthorized);
        ProblemResponsesFilter.Add(operation, context, StatusCodes.Status403Forbidden);
        // Even a valid token cannot be checked while Auther's signing keys could never be loaded.
        ProblemResponsesFilter.Add(operation, context, StatusCodes.Status503ServiceUnavailable);

        var organizationRoute = IsOrganizationRoute(context);
        var permissions = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();
        var lines = new List<string>();
        foreach (var permission in permissions)
        {
            var roles = registry.Value.OrganizationRoles.Where(r => r.Value.Contains(permission)).Select(r => r.Key).ToList();
            lines.Add(organizationRoute && roles.Count > 0
                ? $"Requires permission `{permission}`: granted by the role {string.Join(" or ", roles)} in this organization, or by the token."
                : $"Requires permission `{permission}`.");
        }

        if (organizationRoute)
        {
            lines.Add("The caller must be a member of the organization.");
        }

        if (lines.Count == 0)
        {
            lines.Add("Any signed-in caller whose account is not deactivated.");
        }

        Describe(operation, string.Join(" ", lines));
    }

    public static bool IsOrganizationRoute(OperationFilterContext context) =>
        context.ApiDescription.RelativePath?.StartsWith("api/orgs/{orgSlug}", StringComparison.Ordinal) == true;

    private static void Describe(OpenApiOperation operation, string who) =>
        operation.Description = string.IsNullOrEmpty(operation.Description) ? who : $"{operation.Description}\n\n{who}";
}
