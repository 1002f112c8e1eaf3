using Auther.Dev.Admin;
using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;

namespace Auther.Dev.Permissions;

/// <summary><c>POST /api/auth/check-permission</c>: the live ABAC decision, authenticated like the admin calls.</summary>
internal static class CheckPermissionEndpoints
{
    public static void MapCheckPermission(this IEndpointRouteBuilder app, AutherDevCore core) =>
        app.MapPost("/api/auth/check-permission", Check)
            .AddEndpointFilter(new ErrorShapeFilter(ErrorShape.Auther))
            .AddEndpointFilter(new AdminAuthFilter(core, ErrorShape.Auther));

    private static async Task<IResult> Check(HttpRequest request, AutherDevCore core)
    {
        var (body, error) = await JsonBody.ReadAsync<CheckPermissionRequest>(request);
        if (body is null)
        {
            return ErrorResults.Auther(400, "invalid_request", error!);
        }

        if (string.IsNullOrEmpty(body.EntityType) || string.IsNullOrEmpty(body.Permission) || string.IsNullOrEmpty(body.Subject?.Id))
        {
            return ErrorResults.Auther(400, "invalid_request", "entityType, permission and subject.id are required");
        }

        var decision = core.Permissions.Evaluate(body);
        return Results.Json(new { allowed = decision.Allowed, reason = decision.Reason }, AutherJson.Options);
    }
}
