using System.Security.Cryptography;
using System.Text;
using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Tokens;

namespace Auther.Dev.ApiKeys;

/// <summary><c>POST /api/auth/api-key/exchange</c>: a configured API key for a 15-minute machine token.</summary>
internal static class ApiKeyExchangeEndpoints
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public static void MapApiKeyExchange(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/auth/api-key/exchange", Exchange).AddEndpointFilter(new ErrorShapeFilter(ErrorShape.Auther));

    /// <summary>A stable id per key that does not reveal the key, as Auther's key ids do not.</summary>
    public static string KeyId(string apiKey) => "ak_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)))[..24];

    private static async Task<IResult> Exchange(HttpRequest request, AutherDevCore core)
    {
        var (body, error) = await JsonBody.ReadAsync<ExchangeBody>(request);
        if (string.IsNullOrEmpty(body?.ApiKey))
        {
            return ErrorResults.Auther(400, "invalid_request", error ?? "apiKey is required");
        }

        if (!core.Options.ApiKeys.TryGetValue(body.ApiKey, out var ownerId))
        {
            return ErrorResults.Auther(401, "invalid_api_key", "Invalid API key");
        }

        var minted = core.Tokens.Mint(new TokenRequest
        {
            UserId = ownerId,
            ApiKeyId = KeyId(body.ApiKey),
            Lifetime = Lifetime,
            Style = TokenStyle.Documented,
        });
        return Results.Json(
            new { token = minted.Token, tokenType = "Bearer", expiresIn = (int)Lifetime.TotalSeconds, expiresAt = minted.ExpiresAt },
            AutherJson.Options);
    }

    private sealed record ExchangeBody(string? ApiKey);
}
