using System.Net;
using App.Tests.Infrastructure;

namespace App.Tests.Auth;

/// <summary>
/// A local Auther whose discovery document names one issuer, and an API pinned (Auther:Issuers) to another:
/// the pin is the whole list. Neither the discovery issuer nor Auther's base URL is trusted besides it.
/// </summary>
public sealed class PinnedIssuerFixture() : ApiFixture(new()
{
    Auther = o => o.Issuer = PinnedIssuerFixture.DiscoveryIssuer,
    Settings =
    {
        ["Auther:Issuers:0"] = PinnedIssuerFixture.PinnedIssuer,
        ["Auth:UnknownKidCooldown"] = "00:00:00",
    },
})
{
    public const string DiscoveryIssuer = "https://discovery-issuer.example";
    public const string PinnedIssuer = "https://pinned-issuer.example";
}

public sealed class IssuerPinningTests(PinnedIssuerFixture api) : IClassFixture<PinnedIssuerFixture>
{
    [Fact]
    public async Task TokenFromThePinnedIssuer_IsAccepted()
    {
        using var response = await api.ClientWith(api.TokenFor(TestData.NewUserId(), r => r with { Issuer = PinnedIssuerFixture.PinnedIssuer }))
            .GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TokenFromTheDiscoveryDocumentsIssuer_Is401BadIssuer_WhenIssuersArePinned()
    {
        // The local Auther mints with its own (discovery) issuer by default.
        api.Auther.Issuer.ShouldBe(PinnedIssuerFixture.DiscoveryIssuer);

        using var response = await api.ClientWith(api.TokenFor(TestData.NewUserId())).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("bad_issuer");
    }

    [Fact]
    public async Task TokenFromAutherBaseUrl_Is401BadIssuer_WhenIssuersArePinned()
    {
        var baseUrl = api.Auther.BaseUrl.ToString().TrimEnd('/');

        using var response = await api.ClientWith(api.TokenFor(TestData.NewUserId(), r => r with { Issuer = baseUrl })).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("bad_issuer");
    }

    [Fact]
    public async Task AfterAKeyRotation_TheRevalidatedToken_StillNeedsThePinnedIssuer()
    {
        // A new kid makes the app refresh the JWKS and validate the same request again, with the refreshed
        // configuration's issuer: that second validation must keep to the pin too.
        var key = api.Auther.RotateKey();
        var discovery = api.TokenFor(TestData.NewUserId(), r => r with { Kid = key.Kid });
        var pinned = api.TokenFor(TestData.NewUserId(), r => r with { Kid = key.Kid, Issuer = PinnedIssuerFixture.PinnedIssuer });

        using var refused = await api.ClientWith(discovery).GetAsync("/api/me");
        using var accepted = await api.ClientWith(pinned).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(refused, 401)).GetProperty("code").GetString().ShouldBe("bad_issuer");
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
