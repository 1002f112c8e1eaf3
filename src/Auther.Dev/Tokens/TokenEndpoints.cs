using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;

namespace Auther.Dev.Tokens;

/// <summary><c>POST /api/auth/dev/token</c>: mint a token for anyone, with any claims (loopback only).</summary>
internal static class TokenEndpoints
{
    public static void MapTokens(this RouteGroupBuilder dev) => dev.MapPost("/token", Mint);

    private static async Task<IResult> Mint(HttpRequest request, AutherDevCore core)
    {
        var (body, error) = await JsonBody.ReadAsync<TokenRequest>(request);
        if (body is null)
        {
            return ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error!);
        }

        var minted = core.Tokens.Mint(body);
        return Results.Json(
            new { token = minted.Token, tokenType = "Bearer", kid = minted.Kid, expiresAt = minted.ExpiresAt },
            AutherJson.Options);
    }
}
