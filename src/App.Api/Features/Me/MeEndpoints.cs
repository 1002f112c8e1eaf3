using System.Text.Json;
using System.Text.Json.Serialization;
using App.Api.Auth;
using App.Api.Auth.ShadowUsers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Api.Features.Me;

public static class MeEndpoints
{
    public static RouteGroupBuilder MapMe(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me").WithTags("Me");
        group.MapGet("/", GetMe).WithName("GetMe")
            .Produces<MeResponse>(StatusCodes.Status200OK)
            .WithSummary("The caller as the app sees them: the shadow row and the principal (roles, permissions).");
        return group;
    }

    /// <summary>
    /// The caller as the app sees them, from memory: the principal and the cached shadow row. A client calls this on
    /// every page load, so its body is written by generated code (<see cref="MeJson"/>) rather than by reflection
    /// over the app's shared JSON options; the two write the same JSON (a test compares them).
    /// </summary>
    public static JsonHttpResult<MeResponse> GetMe(Principal principal, ShadowUser user) =>
        TypedResults.Json(Describe(principal, user), MeJson.Default.MeResponse);

    public static MeResponse Describe(Principal principal, ShadowUser user) =>
        new(
            new MeUser(user.Id, user.Email, user.Name, user.Image, user.EmailVerified, user.Role, user.Banned,
                user.CreatedAt, user.UpdatedAt, user.LastSeenAt),
            new MePrincipal(principal.UserId, AuthMethodNames.Of(principal.Method), principal.Roles,
                principal.Permissions, principal.SortedGrantedPermissions, principal.AbacRequired,
                principal.Impersonator, principal.ApiKeyId, principal.TokenId, principal.ExpiresAt));
}

public sealed record MeResponse(MeUser User, MePrincipal Principal);

public sealed record MeUser(
    string Id, string? Email, string? Name, string? Image, bool EmailVerified, string? Role, bool Banned,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastSeenAt);

public sealed record MePrincipal(
    string UserId,
    string AuthMethod,
    IReadOnlyList<string> Roles,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Permissions,
    IReadOnlyList<string> GrantedPermissions,
    IReadOnlyDictionary<string, IReadOnlyList<string>> AbacRequired,
    string? Impersonator,
    string? ApiKeyId,
    string? TokenId,
    DateTimeOffset? ExpiresAt);

/// <summary>The web defaults the app's JSON options also start from (camelCase names, nulls written).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MeResponse))]
public sealed partial class MeJson : JsonSerializerContext;
