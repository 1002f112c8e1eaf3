using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;

namespace Auther.Dev.Grants;

/// <summary>Dev routes that change grants, so the app's mirror of them has real <c>grant.*</c> / <c>access.*</c> events to consume.</summary>
internal static class GrantEndpoints
{
    public static void MapGrants(this RouteGroupBuilder dev)
    {
        dev.MapPost("/grant", Grant);
        dev.MapPost("/revoke", Revoke);
        dev.MapGet("/grants", (AutherDevCore core) => Results.Json(core.Grants.All, AutherJson.Options));
    }

    private static async Task<IResult> Grant(HttpRequest request, AutherDevCore core)
    {
        var (body, error) = await Read(request);
        return body is null
            ? error!
            : Results.Json(core.Grants.Grant(body.SubjectType ?? "user", body.SubjectId!, body.EntityType!, body.EntityId!, body.Relation!, body.HasCondition, body.ClientId), AutherJson.Options);
    }

    private static async Task<IResult> Revoke(HttpRequest request, AutherDevCore core)
    {
        var (body, error) = await Read(request);
        return body is null
            ? error!
            : Results.Json(core.Grants.Revoke(body.SubjectType ?? "user", body.SubjectId!, body.EntityType!, body.EntityId!, body.Relation!, body.ClientId), AutherJson.Options);
    }

    private static async Task<(GrantBody? Body, IResult? Error)> Read(HttpRequest request)
    {
        var (body, error) = await JsonBody.ReadAsync<GrantBody>(request);
        if (body is not null && body.SubjectId is null)
        {
            body = body with { SubjectId = body.UserId };
        }

        return body is { SubjectId: not null, EntityType: not null, EntityId: not null, Relation: not null }
            ? (body, null)
            : (null, ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error ?? "userId (or subjectId), entityType, entityId and relation are required"));
    }

    private sealed record GrantBody(
        string? UserId, string? SubjectType, string? SubjectId, string? EntityType, string? EntityId, string? Relation, bool HasCondition, string? ClientId);
}
