using Auther.Dev.Admin;
using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;

namespace Auther.Dev.Permissions;

/// <summary>
/// <c>POST /api/auth/check-permission</c>: the live ABAC decision. Documented mode authenticates like the admin
/// calls and asks about the body's <c>subject</c>; deployed mode asks about the caller and ignores the subject.
/// </summary>
internal static class CheckPermissionEndpoints
{
    public static void MapCheckPermission(this IEndpointRouteBuilder app, AutherDevCore core) =>
        app.MapPost("/api/auth/check-permission", Check)
            .AddEndpointFilter(new ErrorShapeFilter(ErrorShape.Auther))
            .AddEndpointFilter(core.Server.Mode == AutherMode.Deployed
                ? new PermissionCallerFilter(core)
                : new AdminAuthFilter(core, ErrorShape.Auther));

    private static async Task<IResult> Check(HttpContext http, AutherDevCore core)
    {
        var (body, error) = await JsonBody.ReadAsync<PermissionCheckBody>(http.Request);
        if (body is null)
        {
            return ErrorResults.Auther(400, "invalid_request", error!);
        }

        if (http.Items[PermissionCallerFilter.CallerKey] is string caller)
        {
            body = body with { Subject = new PermissionSubject("user", caller) };
        }

        if (string.IsNullOrEmpty(body.EntityType) || string.IsNullOrEmpty(body.Permission) || string.IsNullOrEmpty(body.Subject?.Id))
        {
            return ErrorResults.Auther(400, "invalid_request", "entityType, permission and subject.id are required");
        }

        var decision = core.Permissions.Evaluate(body);
        return Results.Json(new { allowed = decision.Allowed, reason = decision.Reason }, AutherJson.Options);
    }
}
