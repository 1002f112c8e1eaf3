using System.Text.Json.Nodes;
using Auther.Dev.Hosting;
using Auther.Dev.Json;

namespace Auther.Dev.Oidc;

/// <summary>
/// The OpenID configuration, advertising exactly what this server serves. Deployed mode answers what better-auth
/// 1.3.32's oidc plugin answers with the jwt plugin (same members, same values, including its fixed algorithm list
/// and the registration endpoint); documented mode leaves registration out and lists the algorithms of its keys.
/// </summary>
internal static class OidcDiscovery
{
    public static IResult Answer(HttpRequest request, AutherDevCore core)
    {
        // Endpoint URLs follow the address the caller used, so a container or a test reaches them however it came in.
        var baseUrl = $"{request.Scheme}://{request.Host}/api/auth";
        var deployed = core.Server.Mode == AutherMode.Deployed;
        var document = new JsonObject
        {
            ["issuer"] = core.Server.Issuer,
            ["authorization_endpoint"] = $"{baseUrl}/oauth2/authorize",
            ["token_endpoint"] = $"{baseUrl}/oauth2/token",
            ["userinfo_endpoint"] = $"{baseUrl}/oauth2/userinfo",
            ["jwks_uri"] = $"{baseUrl}/jwks",
        };
        if (deployed)
        {
            document["registration_endpoint"] = $"{baseUrl}/oauth2/register";
        }

        document["scopes_supported"] = Array(OidcService.Scopes);
        document["response_types_supported"] = Array("code");
        document["response_modes_supported"] = Array("query");
        document["grant_types_supported"] = Array("authorization_code", "refresh_token");
        if (deployed)
        {
            document["acr_values_supported"] = Array("urn:mace:incommon:iap:silver", "urn:mace:incommon:iap:bronze");
        }

        document["subject_types_supported"] = Array("public");
        document["id_token_signing_alg_values_supported"] = deployed
            ? Array("RS256", "EdDSA", "none")
            : Array(core.Keys.Published.Select(k => k.Algorithm.ToString()).Distinct().ToArray());
        document["token_endpoint_auth_methods_supported"] = Array("client_secret_basic", "client_secret_post", "none");
        document["code_challenge_methods_supported"] = Array("S256");
        document["claims_supported"] = deployed
            ? Array("sub", "iss", "aud", "exp", "nbf", "iat", "jti", "email", "email_verified", "name")
            : Array("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "email", "email_verified", "name", "picture");
        return Results.Json(document, AutherJson.Options);
    }

    private static JsonArray Array(params string[] values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
