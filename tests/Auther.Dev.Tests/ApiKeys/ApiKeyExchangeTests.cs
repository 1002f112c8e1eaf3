using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.ApiKeys;

public sealed class ApiKeyExchangeTests : IAsyncLifetime
{
    private AutherDevServer _server = null!;

    public async Task InitializeAsync() => _server = await TestAuther.StartAsync(o => o.ApiKeys["job-key-1"] = "owner-7");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Exchange_GivesA15MinuteMachineToken_WithApiKeyId_ThatVerifies()
    {
        using var client = TestAuther.Client(_server);

        var response = await client.PostAsJsonAsync("/api/auth/api-key/exchange", new { apiKey = "job-key-1" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("tokenType").GetString().ShouldBe("Bearer");
        body.GetProperty("expiresIn").GetInt32().ShouldBe(900);
        body.GetProperty("expiresAt").GetString().ShouldNotBeNullOrEmpty();
        var token = body.GetProperty("token").GetString()!;
        var claims = Jwt.Payload(token);
        claims.GetProperty("sub").GetString().ShouldBe("owner-7");
        claims.GetProperty("apiKeyId").GetString().ShouldStartWith("ak_");
        claims.GetProperty("scope").GetString().ShouldBe("api_key_exchange");
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).ShouldBe(900);
        Ed25519JwtVerifier.Verify(token, await client.GetStringAsync("/api/auth/jwks")).ShouldBeTrue();
    }

    [Fact]
    public async Task UnknownKey_Answers401()
    {
        using var client = TestAuther.Client(_server);

        var response = await client.PostAsJsonAsync("/api/auth/api-key/exchange", new { apiKey = "nope" });

        await ErrorAssert.AutherAsync(response, HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Fact]
    public async Task MissingKey_Answers400()
    {
        using var client = TestAuther.Client(_server);

        var response = await client.PostAsJsonAsync("/api/auth/api-key/exchange", new { });

        await ErrorAssert.AutherAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }
}
