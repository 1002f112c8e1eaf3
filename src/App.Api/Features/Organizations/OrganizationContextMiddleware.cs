using App.Api.Auth;
using App.Api.Auth.Permissions;
using App.Api.Errors;
using App.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Api.Features.Organizations;

/// <summary>
/// Resolves <c>{orgSlug}</c> for an authenticated caller with one query (the organization and the caller's
/// membership together): unknown organization 404, not a member 403, else sets <see cref="OrganizationContext"/>.
/// Runs between authentication and authorization because the authorization middleware (not an endpoint
/// filter) evaluates the policies, and on these routes they depend on the caller's role in this organization.
/// An anonymous caller passes through untouched, so authorization answers 401 without revealing whether the
/// organization exists.
/// </summary>
public sealed class OrganizationContextMiddleware(RequestDelegate next, IOptions<PermissionRegistryOptions> registry)
{
    public const string RouteKey = "orgSlug";

    public Task InvokeAsync(HttpContext context) =>
        context.Request.RouteValues[RouteKey] is not string slug
        || context.GetPrincipal() is not { } principal
        || context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null
            ? next(context)
            : ResolveAsync(context, slug, principal);

    private async Task ResolveAsync(HttpContext context, string slug, Principal principal)
    {
        // Resolved here, not as an InvokeAsync parameter: that would build a DbContext for every request,
        // /health/live and anonymous calls included, which never use it.
        var db = context.RequestServices.GetRequiredService<AppDbContext>();
        // Stryker disable once Conditional,Linq: the check only spares a query; a slug of another shape matches no row (none can be created,
        // and the compare is exact, not truncated to the column's 100). The role's First() is SQL (a scalar subquery), null for a non-member as FirstOrDefault() is.
        var found = OrganizationSlug.IsValid(slug)
            ? await db.Organizations.AsNoTracking()
                .Where(o => o.Slug == slug)
                .Select(o => new
                {
                    o.Id,
                    o.Name,
                    o.CreatedAt,
                    Role = o.Members.Where(m => m.UserId == principal.UserId).Select(m => m.Role).FirstOrDefault(),
                })
                .FirstOrDefaultAsync(context.RequestAborted)
            : null;

        if (found is null)
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "organization_not_found", "Organization not found",
                $"There is no organization '{slug}'.");
            return;
        }

        if (found.Role is null)
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "not_a_member", "Not a member of this organization",
                $"You are not a member of '{slug}'.");
            return;
        }

        var organization = new OrganizationContext(found.Id, slug, found.Name, found.CreatedAt, found.Role, registry.Value.ForOrganizationRole(found.Role));
        context.Features.Set(organization);
        context.Features.Set<IOrganizationPermissions>(organization);
        await next(context);
    }
}

public static class OrganizationContextExtensions
{
    /// <summary>Between <c>UseAppAuthentication()</c> and <c>UseAuthorization()</c>.</summary>
    public static IApplicationBuilder UseOrganizationContext(this IApplicationBuilder app) =>
        app.UseMiddleware<OrganizationContextMiddleware>();
}
