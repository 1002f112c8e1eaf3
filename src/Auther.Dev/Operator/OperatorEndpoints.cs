using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;

namespace Auther.Dev.Operator;

/// <summary>
/// <c>POST /api/auth/dev/operator/{ban|unban|remove|set-role|revoke-sessions}</c> <c>{userId, reason?, expiresIn?, role?}</c>:
/// an operator's change in Auther's admin UI, which deployed Auther announces to nobody.
/// </summary>
internal static class OperatorEndpoints
{
    public static readonly string[] Actions = ["ban", "unban", "remove", "set-role", "revoke-sessions"];

    public static void MapOperator(this RouteGroupBuilder dev) => dev.MapPost("/operator/{action}", Act);

    private static async Task<IResult> Act(string action, HttpRequest request, AutherDevCore core)
    {
        var (body, error) = await JsonBody.ReadAsync<OperatorBody>(request);
        if (body?.UserId is null)
        {
            return ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error ?? "userId is required");
        }

        var op = new AutherOperator(core);
        object result = action switch
        {
            "ban" => new { user = op.Ban(body.UserId, body.Reason, body.ExpiresIn is { } s ? TimeSpan.FromSeconds(s) : null) },
            "unban" => new { user = op.Unban(body.UserId) },
            "remove" => Removed(op, body.UserId),
            "set-role" when body.Role is not null => new { user = op.SetRole(body.UserId, body.Role) },
            "set-role" => throw new AutherDevException(400, "VALIDATION_ERROR", "role is required"),
            "revoke-sessions" => new { revoked = op.RevokeSessions(body.UserId) },
            _ => throw new AutherDevException(404, "NOT_FOUND", $"Unknown operator action {action} ({string.Join(", ", Actions)})."),
        };
        return Results.Json(result, AutherJson.Options);
    }

    private static object Removed(AutherOperator op, string userId)
    {
        op.Remove(userId);
        return new { success = true };
    }

    /// <summary><paramref name="ExpiresIn"/>: ban length in seconds, as better-auth's <c>banExpiresIn</c>.</summary>
    private sealed record OperatorBody(string? UserId, string? Reason, long? ExpiresIn, string? Role);
}
