using System.Net;
using App.Api.Auth.Jwks;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Auth;

/// <summary>
/// A local Auther whose discovery document names an issuer of its own, and an API with no pinned issuers: it trusts
/// Auther's base URL and the discovery issuer, as deployed Auther signs session JWTs with one and id_tokens with the other.
/// </summary>
public sealed class DiscoveryIssuerFixture() : ApiFixture(new()
{
    Auther = o => o.Issuer = DiscoveryIssuerFixture.DiscoveryIssuer,
    // The default pin (Auther:Issuers:0, the local Auther's issuer) blanked: no issuer is pinned.
    Settings = { ["Auther:Issuers:0"] = "", ["Auth:UnknownKidCooldown"] = "00:00:00" },
})
{
    public const string DiscoveryIssuer = "https://discovery-issuer.example";
}

/// <summary>The second validation after a key rotation trusts the same issuers as the first.</summary>
public sealed class RevalidatedIssuerTests(DiscoveryIssuerFixture api) : IClassFixture<DiscoveryIssuerFixture>
{
    [Fact]
    public async Task AfterARotation_TokensFromAuthersBaseUrlAndFromTheDiscoveryIssuer_AreBothAccepted()
    {
        var jwks = api.Services.GetRequiredService<AutherJwks>();
        await jwks.GetKeySetAsync(CancellationToken.None);
        await jwks.RefreshAsync("test");
        var key = api.Auther.RotateKey().Kid;
        var baseUrl = api.Auther.BaseUrl.ToString().TrimEnd('/');

        using var fromBaseUrl = await api.ClientWith(api.TokenFor(TestData.NewUserId(), r => r with { Kid = key, Issuer = baseUrl })).GetAsync("/api/me");
        api.Auther.RotateKey();
        using var fromDiscovery = await api.ClientWith(api.TokenFor(TestData.NewUserId(), r => r with { Issuer = DiscoveryIssuerFixture.DiscoveryIssuer })).GetAsync("/api/me");

        fromBaseUrl.StatusCode.ShouldBe(HttpStatusCode.OK);
        fromDiscovery.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
