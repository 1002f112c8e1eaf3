using System.Text.Json;
using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Users;

namespace Auther.Dev.Admin;

/// <summary>better-auth's admin plugin routes the app calls (docs/auther-contract.md, Calls the app makes), with its status codes and error codes.</summary>
internal static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder app, AutherDevCore core)
    {
        var admin = app.MapGroup("/api/auth/admin")
            .AddEndpointFilter(new ErrorShapeFilter(ErrorShape.BetterAuth))
            .AddEndpointFilter(new AdminAuthFilter(core, ErrorShape.BetterAuth));
        admin.MapPost("/ban-user", Ban);
        admin.MapPost("/unban-user", Unban);
        admin.MapPost("/create-user", Create);
        admin.MapPost("/remove-user", Remove);
        admin.MapPost("/update-user", Update);
        admin.MapGet("/list-users", List);
        admin.MapPost("/set-role", SetRole);
        admin.MapPost("/revoke-user-sessions", RevokeSessions);
    }

    private static Task<IResult> Ban(HttpRequest request, AutherDevCore core) => WithBody<BanBody>(request, body =>
        body.UserId is null ? Missing("userId") : UserResult(core.Users.Ban(body.UserId, body.BanReason, body.BanExpiresIn)));

    private static Task<IResult> Unban(HttpRequest request, AutherDevCore core) => WithBody<UserIdBody>(request, body =>
        body.UserId is null ? Missing("userId") : UserResult(core.Users.Unban(body.UserId)));

    private static Task<IResult> Remove(HttpRequest request, AutherDevCore core) => WithBody<UserIdBody>(request, body =>
    {
        if (body.UserId is null)
        {
            return Missing("userId");
        }

        core.Users.Remove(body.UserId);
        return Results.Json(new { success = true }, AutherJson.Options);
    });

    private static Task<IResult> Create(HttpRequest request, AutherDevCore core) => WithBody<CreateBody>(request, body =>
    {
        if (body.Email is null || body.Password is null || body.Name is null)
        {
            return Missing("email, password and name");
        }

        var id = body.Data is { } data && data.TryGetValue("id", out var given) && given.ValueKind == JsonValueKind.String ? given.GetString() : null;
        var verified = body.Data is { } d && d.TryGetValue("emailVerified", out var v) && v.ValueKind == JsonValueKind.True;
        return UserResult(core.Users.Create(body.Email, body.Name, id, body.Role, verified));
    });

    private static Task<IResult> Update(HttpRequest request, AutherDevCore core) => WithBody<UpdateBody>(request, body =>
    {
        if (body.UserId is null || body.Data is null)
        {
            return Missing("userId and data");
        }

        var data = body.Data;
        return UserResult(core.Users.Update(body.UserId, adminEdit: true, user => user with
        {
            Name = data.Name ?? user.Name,
            Email = data.Email?.ToLowerInvariant() ?? user.Email,
            EmailVerified = data.EmailVerified ?? user.EmailVerified,
            Image = data.Image ?? user.Image,
            Role = data.Role ?? user.Role,
            Username = data.Username ?? user.Username,
        }));
    });

    private static IResult List(HttpRequest request, AutherDevCore core)
    {
        // Parsed here rather than bound, so "limit=abc" gets better-auth's error body instead of a bare 400.
        var (query, error) = ListUsersQuery.Parse(request.Query);
        if (query is null)
        {
            return ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error!);
        }

        var (page, total) = query.Apply(core.Users.All);
        return Results.Json(new { users = page, total, limit = query.Limit, offset = query.Offset }, AutherJson.Options);
    }

    private static Task<IResult> SetRole(HttpRequest request, AutherDevCore core) => WithBody<RoleBody>(request, body =>
        body.UserId is null || body.Role is null ? Missing("userId and role") : UserResult(core.Users.SetRole(body.UserId, body.Role)));

    private static Task<IResult> RevokeSessions(HttpRequest request, AutherDevCore core) => WithBody<UserIdBody>(request, body =>
    {
        if (body.UserId is null)
        {
            return Missing("userId");
        }

        core.Users.EndSessions(body.UserId);
        return Results.Json(new { success = true }, AutherJson.Options);
    });

    private static IResult UserResult(UserAccount user) => Results.Json(new { user }, AutherJson.Options);

    private static IResult Missing(string what) => ErrorResults.BetterAuth(400, "VALIDATION_ERROR", $"{what} required");

    private static async Task<IResult> WithBody<T>(HttpRequest request, Func<T, IResult> handle)
        where T : class
    {
        var (body, error) = await JsonBody.ReadAsync<T>(request);
        return body is null ? ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error!) : handle(body);
    }

    private sealed record UserIdBody(string? UserId);

    private sealed record RoleBody(string? UserId, string? Role);

    private sealed record BanBody(string? UserId, string? BanReason, long? BanExpiresIn);

    private sealed record CreateBody(string? Email, string? Password, string? Name, string? Role, Dictionary<string, JsonElement>? Data);

    private sealed record UpdateBody(string? UserId, UserChanges? Data);

    private sealed record UserChanges(string? Name, string? Email, bool? EmailVerified, string? Image, string? Role, string? Username);
}
