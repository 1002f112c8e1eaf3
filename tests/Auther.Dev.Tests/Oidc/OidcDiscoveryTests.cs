using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Oidc;

/// <summary>Discovery advertises exactly what is served: an OIDC client library trusts every member it reads.</summary>
public sealed class OidcDiscoveryTests
{
    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task EveryAdvertisedEndpoint_IsServed(AutherMode mode)
    {
        await using var server = await OidcAuther.StartAsync(mode);
        using var client = OidcFlow.NoRedirects(server);

        var discovery = await client.GetFromJsonAsync<JsonElement>("/api/auth/.well-known/openid-configuration");

        var endpoints = discovery.EnumerateObject().Where(p => p.Name.EndsWith("_endpoint", StringComparison.Ordinal) || p.Name == "jwks_uri").ToList();
        endpoints.Count.ShouldBe(mode == AutherMode.Deployed ? 5 : 4);
        foreach (var endpoint in endpoints)
        {
            var path = new Uri(endpoint.Value.GetString()!).PathAndQuery;
            var method = endpoint.Name is "token_endpoint" or "registration_endpoint" ? HttpMethod.Post : HttpMethod.Get;
            using var response = await client.SendAsync(new HttpRequestMessage(method, path));
            response.StatusCode.ShouldNotBe(HttpStatusCode.NotFound, endpoint.Name);
            response.StatusCode.ShouldNotBe(HttpStatusCode.MethodNotAllowed, endpoint.Name);
        }
    }

    [Fact]
    public async Task Deployed_AdvertisesWhatBetterAuthsOidcPluginAdvertises()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Deployed);
        using var client = OidcFlow.NoRedirects(server);

        var discovery = await client.GetFromJsonAsync<JsonElement>("/api/auth/.well-known/openid-configuration");

        discovery.EnumerateObject().Select(p => p.Name).ShouldBe(
        [
            "issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "registration_endpoint",
            "scopes_supported", "response_types_supported", "response_modes_supported", "grant_types_supported", "acr_values_supported",
            "subject_types_supported", "id_token_signing_alg_values_supported", "token_endpoint_auth_methods_supported",
            "code_challenge_methods_supported", "claims_supported",
        ]);
        Strings(discovery, "grant_types_supported").ShouldBe(["authorization_code", "refresh_token"]);
        Strings(discovery, "scopes_supported").ShouldContain("offline_access");
        discovery.TryGetProperty("end_session_endpoint", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Documented_AdvertisesNoRegistrationNorSignOutEndpoint_AndTheAlgorithmsOfItsKeys()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Documented);
        using var client = OidcFlow.NoRedirects(server);

        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");

        discovery.TryGetProperty("registration_endpoint", out _).ShouldBeFalse();
        discovery.TryGetProperty("end_session_endpoint", out _).ShouldBeFalse();
        Strings(discovery, "id_token_signing_alg_values_supported").ShouldBe(["EdDSA"]);
        Strings(discovery, "response_modes_supported").ShouldBe(["query"]);
    }

    private static List<string?> Strings(JsonElement document, string name) =>
        document.GetProperty(name).EnumerateArray().Select(v => v.GetString()).ToList();
}
