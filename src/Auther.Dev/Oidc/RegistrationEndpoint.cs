using System.Text.Json.Serialization;
using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Shared;

namespace Auther.Dev.Oidc;

/// <summary>
/// Deployed mode's <c>POST /api/auth/oauth2/register</c> (dynamic client registration), behind the sign-up secret as
/// the deployed Auther's hook puts it (without it: 500, empty body). A registered client is confidential and NOT
/// trusted: it cannot finish an authorization (no consent page), which is how the deployed Auther behaves.
/// </summary>
internal static class RegistrationEndpoint
{
    public const string Path = "/api/auth/oauth2/register";

    public static async Task<IResult> HandleAsync(HttpContext http, AutherDevCore core)
    {
        if (!Secrets.Match(http.Request.Headers["x-internal-signup-secret"].ToString(), core.Options.SignupSecret))
        {
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }

        var (body, error) = await JsonBody.ReadAsync<RegistrationBody>(http.Request);
        if (body is null)
        {
            return ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error ?? "a JSON body is required");
        }

        var grantTypes = body.GrantTypes ?? ["authorization_code"];
        if (grantTypes.Contains("authorization_code") && (body.RedirectUris is null || body.RedirectUris.Length == 0))
        {
            return OidcEndpoints.Error(400, new OAuthError("invalid_redirect_uri", "Redirect URIs are required for authorization_code and implicit grant types"));
        }

        var client = core.Oidc.Register(body.RedirectUris ?? []);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, object?>
        {
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret,
            ["client_secret_expires_at"] = 0,
            ["client_id_issued_at"] = core.Time.GetUtcNow().ToUnixTimeSeconds(),
            ["redirect_uris"] = client.RedirectUris,
            ["token_endpoint_auth_method"] = body.TokenEndpointAuthMethod ?? "client_secret_basic",
            ["grant_types"] = grantTypes,
            ["response_types"] = body.ResponseTypes ?? ["code"],
            ["client_name"] = body.ClientName,
        }.Where(p => p.Value is not null).ToDictionary(), AutherJson.Options);
    }

    private sealed record RegistrationBody(
        [property: JsonPropertyName("redirect_uris")] string[]? RedirectUris,
        [property: JsonPropertyName("token_endpoint_auth_method")] string? TokenEndpointAuthMethod,
        [property: JsonPropertyName("grant_types")] string[]? GrantTypes,
        [property: JsonPropertyName("response_types")] string[]? ResponseTypes,
        [property: JsonPropertyName("client_name")] string? ClientName);
}
