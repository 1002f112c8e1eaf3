using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Keys;

public sealed class DiscoveryTests(AutherFixture fixture) : IClassFixture<AutherFixture>
{
    [Theory]
    [InlineData("/api/auth/.well-known/openid-configuration")]
    [InlineData("/.well-known/openid-configuration")]
    public async Task Discovery_IsServedAtBothPaths_WithIssuerAndJwksUri(string path)
    {
        using var client = fixture.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>(path);

        document.GetProperty("issuer").GetString().ShouldBe(fixture.Server.Issuer);
        document.GetProperty("jwks_uri").GetString().ShouldBe(fixture.Server.JwksUrl);
        document.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(a => a.GetString()).ShouldContain("EdDSA");
    }

    [Fact]
    public async Task Jwks_PublishesTheEd25519Key_AsDeployedAutherDoes_WithoutUse()
    {
        using var client = fixture.CreateClient();

        var jwks = await client.GetFromJsonAsync<JsonElement>("/api/auth/jwks");

        var key = jwks.GetProperty("keys").EnumerateArray().ShouldHaveSingleItem();
        key.GetProperty("kty").GetString().ShouldBe("OKP");
        key.GetProperty("crv").GetString().ShouldBe("Ed25519");
        key.GetProperty("alg").GetString().ShouldBe("EdDSA");
        key.GetProperty("kid").GetString()!.Length.ShouldBe(32);
        key.GetProperty("x").GetString().ShouldNotBeNullOrEmpty();
        key.TryGetProperty("use", out _).ShouldBeFalse();
        key.TryGetProperty("d", out _).ShouldBeFalse("the private part must never be published");
    }

    [Fact]
    public async Task Counters_CountDiscoveryAndJwksRequests()
    {
        await using var server = await TestAuther.StartAsync();
        using var client = TestAuther.Client(server);

        await client.GetAsync("/api/auth/.well-known/openid-configuration");
        await client.GetAsync("/.well-known/openid-configuration");
        await client.GetAsync("/api/auth/jwks");

        server.DiscoveryRequestCount.ShouldBe(2);
        server.JwksRequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task JwksFailing_MakesDiscoveryAndJwksAnswer500_UntilCleared()
    {
        await using var server = await TestAuther.StartAsync();
        using var client = TestAuther.Client(server);

        server.JwksFailing = true;
        (await client.GetAsync("/api/auth/jwks")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await client.GetAsync("/api/auth/.well-known/openid-configuration")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);

        server.JwksFailing = false;
        (await client.GetAsync("/api/auth/jwks")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unavailable_MakesEveryApiRouteAnswer503()
    {
        await using var server = await TestAuther.StartAsync();
        using var client = TestAuther.Client(server);

        server.Unavailable = true;

        (await client.GetAsync("/api/auth/jwks")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await client.PostAsync("/api/auth/check-permission", null)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task RequestCount_CountsEveryRequestToAPath_AlsoThoseRefusedWhileUnavailable()
    {
        await using var server = await TestAuther.StartAsync();
        using var client = TestAuther.Client(server);

        await client.PostAsync("/api/auth/check-permission", null);
        server.Unavailable = true;
        await client.PostAsync("/api/auth/check-permission", null);

        server.RequestCount("/api/auth/check-permission").ShouldBe(2);
        server.RequestCount("/api/auth/admin/ban-user").ShouldBe(0);
    }

    [Fact]
    public async Task RequestObserver_SeesEachPath_BeforeTheAnswer_SoATestCanChangeStateBetweenCalls()
    {
        await using var server = await TestAuther.StartAsync();
        using var client = TestAuther.Client(server);
        var seen = new List<string>();
        server.RequestObserver = path =>
        {
            seen.Add(path);
            server.Unavailable = true;
        };

        var response = await client.GetAsync("/api/auth/jwks");

        seen.ShouldBe(["/api/auth/jwks"]);
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task ResponseDelay_SlowsApiRoutes()
    {
        await using var server = await TestAuther.StartAsync();
        using var client = TestAuther.Client(server);
        server.ResponseDelay = TimeSpan.FromMilliseconds(300);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await client.GetAsync("/api/auth/jwks");

        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280));
    }
}
