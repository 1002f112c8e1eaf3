using App.Api.Auth;
using App.Api.ShadowUsers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Api.Features.Me;

public static class MeEndpoints
{
    public static RouteGroupBuilder MapMe(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me").WithTags("Me");
        group.MapGet("/", GetMe).WithName("GetMe")
            .WithSummary("The caller as the app sees them: the shadow row and the principal (roles, permissions).");
        return group;
    }

    /// <summary>The caller as the app sees them, from memory: the principal and the cached shadow row.</summary>
    public static Ok<MeResponse> GetMe(Principal principal, ShadowUser user) =>
        TypedResults.Ok(new MeResponse(
            new MeUser(user.Id, user.Email, user.Name, user.Image, user.EmailVerified, user.Role, user.Banned,
                user.CreatedAt, user.UpdatedAt, user.LastSeenAt),
            new MePrincipal(principal.UserId, AuthMethodNames.Of(principal.Method), principal.Roles,
                principal.Permissions, principal.SortedGrantedPermissions, principal.AbacRequired,
                principal.Impersonator, principal.ApiKeyId, principal.TokenId, principal.ExpiresAt)));
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
