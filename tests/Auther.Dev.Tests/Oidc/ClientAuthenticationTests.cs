using System.Net;
using System.Text.Json;
using Auther.Dev.Oidc;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Oidc;

/// <summary>A client with a secret is confidential (the token endpoint wants the secret); one without is public (PKCE only).</summary>
public sealed class ClientAuthenticationTests
{
    private const string Confidential = "web";
    private const string Public = "spa";
    private const string Secret = "web-client-secret-0123456789";
    private const string RedirectUri = "http://localhost:5070/signin-oidc";

    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task ConfidentialClient_WithoutItsSecret_IsInvalidClient(AutherMode mode)
    {
        await using var server = await StartAsync(mode);
        using var client = OidcFlow.NoRedirects(server);
        var flow = new OidcFlow(Confidential, RedirectUri);

        using var response = await flow.ExchangeAsync(client, await flow.CodeAsync(client, SignedIn(server)));

        await InvalidClientAsync(response);
    }

    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task ConfidentialClient_WithAWrongSecret_IsInvalidClient(AutherMode mode)
    {
        await using var server = await StartAsync(mode);
        using var client = OidcFlow.NoRedirects(server);
        var flow = new OidcFlow(Confidential, RedirectUri);

        using var response = await flow.ExchangeAsync(client, await flow.CodeAsync(client, SignedIn(server)), "not-the-secret");

        await InvalidClientAsync(response);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConfidentialClient_WithItsSecret_InTheFormOrBasic_GetsTokens(bool basic)
    {
        await using var server = await StartAsync(AutherMode.Deployed);
        using var client = OidcFlow.NoRedirects(server);
        var flow = new OidcFlow(Confidential, RedirectUri);

        using var response = await flow.ExchangeAsync(client, await flow.CodeAsync(client, SignedIn(server)), Secret, basic);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PublicClient_GetsTokens_WithTheVerifierAlone()
    {
        await using var server = await StartAsync(AutherMode.Deployed);
        using var client = OidcFlow.NoRedirects(server);
        var flow = new OidcFlow(Public, RedirectUri);

        using var response = await flow.ExchangeAsync(client, await flow.CodeAsync(client, SignedIn(server)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static Task<AutherDevServer> StartAsync(AutherMode mode) => Deployed.StartAsync(o =>
    {
        o.Mode = mode;
        var web = new OidcClientOptions { ClientId = Confidential, ClientSecret = Secret };
        web.RedirectUris.Add(RedirectUri);
        var spa = new OidcClientOptions { ClientId = Public };
        spa.RedirectUris.Add(RedirectUri);
        o.OidcClients.Add(web);
        o.OidcClients.Add(spa);
    });

    private static Auther.Dev.Sessions.AutherSession SignedIn(AutherDevServer server)
    {
        var user = server.CreateUser($"client-{Guid.NewGuid():N}@example.com", password: Deployed.Password);
        return server.SignInWithPassword(user.Email, Deployed.Password);
    }

    private static async Task InvalidClientAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("invalid_client");
    }
}
