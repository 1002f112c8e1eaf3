using System.Text.Json.Nodes;
using Auther.Dev.Hosting;
using Auther.Dev.Json;

namespace Auther.Dev.Keys;

/// <summary>Discovery (at deployed Auther's path and at the issuer-relative one) and the JWKS.</summary>
internal static class KeyEndpoints
{
    public static void MapKeys(this IEndpointRouteBuilder app, RouteGroupBuilder dev)
    {
        app.MapGet(Routes.Discovery, Discovery);
        app.MapGet(Routes.RootDiscovery, Discovery);
        app.MapGet(Routes.Jwks, Jwks);
        dev.MapPost("/rotate-key", Rotate);
    }

    private static IResult Discovery(HttpRequest request, AutherDevCore core)
    {
        // Endpoint URLs follow the address the caller used, so a container or a test reaches them however it came in.
        var baseUrl = $"{request.Scheme}://{request.Host}/api/auth";
        var algorithms = core.Keys.Published.Select(k => k.Algorithm.ToString()).Distinct().ToList();
        var document = new JsonObject
        {
            ["issuer"] = core.Server.Issuer,
            ["authorization_endpoint"] = $"{baseUrl}/oauth2/authorize",
            ["token_endpoint"] = $"{baseUrl}/oauth2/token",
            ["userinfo_endpoint"] = $"{baseUrl}/oauth2/userinfo",
            ["jwks_uri"] = $"{baseUrl}/jwks",
            ["registration_endpoint"] = $"{baseUrl}/oauth2/register",
            ["scopes_supported"] = new JsonArray("openid", "profile", "email", "offline_access"),
            ["response_types_supported"] = new JsonArray("code"),
            ["response_modes_supported"] = new JsonArray("query"),
            ["grant_types_supported"] = new JsonArray("authorization_code", "refresh_token"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray(algorithms.Select(a => (JsonNode?)a).ToArray()),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic", "client_secret_post", "none"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
            ["claims_supported"] = new JsonArray("sub", "iss", "aud", "exp", "iat", "email", "email_verified", "name"),
        };
        return Results.Json(document, AutherJson.Options);
    }

    private static IResult Jwks(AutherDevCore core)
    {
        var keys = new JsonArray(core.Keys.Published.Select(k => (JsonNode?)KeyMaterial.PublicJwk(k)).ToArray());
        return Results.Json(new JsonObject { ["keys"] = keys }, AutherJson.Options);
    }

    private static async Task<IResult> Rotate(HttpRequest request, AutherDevCore core)
    {
        var (body, error) = await JsonBody.ReadOptionalAsync<RotateBody>(request);
        if (error is not null)
        {
            return Errors.ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error);
        }

        var key = core.Keys.Rotate(body?.Alg ?? core.Options.Algorithm);
        return Results.Json(new { kid = key.Kid, alg = key.Algorithm.ToString(), jwk = KeyMaterial.PublicJwk(key) }, AutherJson.Options);
    }

    private sealed record RotateBody(KeyAlgorithm? Alg);
}
