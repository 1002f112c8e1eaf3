using System.Text.Json.Nodes;
using Auther.Dev.Hosting;
using Auther.Dev.Json;

namespace Auther.Dev.Keys;

/// <summary>The JWKS, and the dev route that rotates the key (discovery is the OIDC provider's: <c>Oidc/OidcDiscovery</c>).</summary>
internal static class KeyEndpoints
{
    public static void MapKeys(this IEndpointRouteBuilder app, RouteGroupBuilder dev)
    {
        app.MapGet(Routes.Jwks, Jwks);
        dev.MapPost("/rotate-key", Rotate);
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
