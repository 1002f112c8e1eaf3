using System.Net;
using App.Tests.Infrastructure;
using Auther.Dev;
using Auther.Dev.Keys;

namespace App.Tests.Auth;

/// <summary>The documented peers sign with RS256 or ES256; deployed Auther with EdDSA. All three verify.</summary>
public sealed class SigningAlgorithmTests(NoCooldownFixture api) : IClassFixture<NoCooldownFixture>
{
    [Fact]
    public async Task EdDsaToken_Verifies()
    {
        // The fixture starts with an EdDSA key; the theory below may have rotated past it (test order is not
        // fixed), so sign with that first key by kid rather than with whatever is current now.
        var key = api.Auther.PublishedKeys.Single(k => k.Algorithm == KeyAlgorithm.EdDSA);

        using var response = await api.ClientWith(api.TokenFor(TestData.NewUserId(), r => r with { Kid = key.Kid })).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>
/// Rotations change the fixture's current key, so they get their own fixture: the test above must see the
/// default EdDSA key whatever order xunit runs the cases in.
/// </summary>
public sealed class SigningKeyRotationTests(NoCooldownFixture api) : IClassFixture<NoCooldownFixture>
{
    [Theory]
    [InlineData(KeyAlgorithm.RS256)]
    [InlineData(KeyAlgorithm.ES256)]
    public async Task TokenSignedWithANewKeyOfAnotherAlgorithm_VerifiesOnItsFirstRequest(KeyAlgorithm algorithm)
    {
        var key = api.Auther.RotateKey(algorithm);
        var token = api.TokenFor(TestData.NewUserId(), r => r with { Kid = key.Kid });

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class Rs256Fixture() : ApiFixture(new() { Auther = o => o.Algorithm = KeyAlgorithm.RS256 });

public sealed class Rs256Tests(Rs256Fixture api) : IClassFixture<Rs256Fixture>
{
    [Fact]
    public async Task Rs256Token_Verifies_AndAnEdDsaHeaderOnItsKidIsRefused()
    {
        var userId = TestData.NewUserId();
        using var ok = await api.ClientWith(api.TokenFor(userId)).GetAsync("/api/me");
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);

        // The kid is an RSA key: a token claiming another algorithm for it never reaches verification.
        var confused = api.TokenFor(userId, r => r with { ExtraHeaders = new Dictionary<string, object?> { ["alg"] = "ES256" } });
        using var refused = await api.ClientWith(confused).GetAsync("/api/me");
        (await ProblemAssert.IsProblemAsync(refused, 401)).GetProperty("code").GetString().ShouldBe("bad_algorithm");
    }
}

public sealed class Es256Fixture() : ApiFixture(new() { Auther = o => o.Algorithm = KeyAlgorithm.ES256 });

public sealed class Es256Tests(Es256Fixture api) : IClassFixture<Es256Fixture>
{
    [Fact]
    public async Task Es256Token_Verifies()
    {
        using var response = await api.ClientWith(api.TokenFor(TestData.NewUserId())).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
