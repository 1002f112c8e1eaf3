using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using App.Api.Auth;
using App.Api.ShadowUsers;

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
    /// every page load, so the body is serialized once per shadow row and principal (<see cref="MeBodies"/>), by
    /// generated code (<see cref="MeJson"/>) that writes what the app's JSON options would (a test compares them).
    /// </summary>
    public static PreparedJson GetMe(Principal principal, ShadowUser user) => new(Bodies.For(principal, user));

    private static readonly MeBodies Bodies = new();

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

/// <summary>
/// Serialized <c>/api/me</c> bodies. The body depends only on the cached shadow row and the caller's principal,
/// both immutable objects that are replaced, never changed: a row that changes (a webhook, a ban, last_seen_at)
/// is a new object, so a body is reused only while both are the very objects it was made from. Kept per row
/// (a weak table: a row dropped from the cache takes its body with it), for the principal that asked last.
/// </summary>
public sealed class MeBodies
{
    private readonly ConditionalWeakTable<ShadowUser, Body> _bodies = new();

    public byte[] For(Principal principal, ShadowUser user)
    {
        if (_bodies.TryGetValue(user, out var body) && ReferenceEquals(body.Principal, principal))
        {
            return body.Json;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(MeEndpoints.Describe(principal, user), MeJson.Default.MeResponse);
        _bodies.AddOrUpdate(user, new Body(principal, json));
        return json;
    }

    private sealed record Body(Principal Principal, byte[] Json);
}

/// <summary>
/// A 200 whose JSON body was serialized beforehand, written as it is. <c>TypedResults.Bytes</c> would also
/// evaluate range and precondition headers meant for files, and <c>TypedResults.Text</c> copies the bytes.
/// </summary>
public sealed class PreparedJson(byte[] utf8Json) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = utf8Json.Length;
        return response.Body.WriteAsync(utf8Json).AsTask();
    }
}

/// <summary>The web defaults the app's JSON options also start from (camelCase names, nulls written).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MeResponse))]
public sealed partial class MeJson : JsonSerializerContext;
