using Auther.Dev.Keys;
using Auther.Dev.Tests.Infrastructure;
using Auther.Dev.Tokens;

namespace Auther.Dev.Tests.Keys;

public sealed class RotationTests
{
    [Fact]
    public async Task RotatedOutKey_StaysPublishedForTheGracePeriod_ThenDisappears()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var server = await TestAuther.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.KeyGracePeriod = TimeSpan.FromDays(30);
        });
        using var client = TestAuther.Client(server);
        var oldToken = server.MintToken(new TokenRequest { UserId = "user-1", Lifetime = TimeSpan.FromDays(60) });
        var oldKid = server.CurrentKey.Kid;

        var newKey = server.RotateKey();
        var newToken = server.MintToken(new TokenRequest { UserId = "user-1" });

        Jwt.Header(newToken).GetProperty("kid").GetString().ShouldBe(newKey.Kid);
        var during = await client.GetStringAsync("/api/auth/jwks");
        Ed25519JwtVerifier.Verify(oldToken, during).ShouldBeTrue("the old key is still published during the grace period");
        Ed25519JwtVerifier.Verify(newToken, during).ShouldBeTrue();

        clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));

        var after = await client.GetStringAsync("/api/auth/jwks");
        Ed25519JwtVerifier.Verify(oldToken, after).ShouldBeFalse("the old key left the JWKS after the grace period");
        Ed25519JwtVerifier.Verify(newToken, after).ShouldBeTrue();
        server.PublishedKeys.Select(k => k.Kid).ShouldNotContain(oldKid);
    }

    [Fact]
    public async Task RotateKey_CanSwitchAlgorithm_AndBothKeysArePublished()
    {
        await using var server = await TestAuther.StartAsync();
        var edToken = server.MintToken(new TokenRequest { UserId = "user-1" });

        server.RotateKey(KeyAlgorithm.RS256);
        var rsToken = server.MintToken(new TokenRequest { UserId = "user-1" });

        var jwks = await TestAuther.Client(server).GetStringAsync("/api/auth/jwks");
        Ed25519JwtVerifier.Verify(edToken, jwks).ShouldBeTrue();
        (await IdentityModelVerifier.ValidateAsync(rsToken, jwks, server.Issuer, server.Audience)).IsValid.ShouldBeTrue();
        server.PublishedKeys.Select(k => k.Algorithm).ShouldBe([KeyAlgorithm.RS256, KeyAlgorithm.EdDSA]);
    }

    [Fact]
    public async Task RemoveKey_UnpublishesAtOnce_ButTheKeyCanStillSign_ForUnknownKidTests()
    {
        await using var server = await TestAuther.StartAsync();
        var old = server.CurrentKey;
        server.RotateKey();

        server.RemoveKey(old.Kid);
        var orphan = server.MintToken(new TokenRequest { UserId = "user-1", Kid = old.Kid });

        var jwks = await TestAuther.Client(server).GetStringAsync("/api/auth/jwks");
        Jwt.Header(orphan).GetProperty("kid").GetString().ShouldBe(old.Kid);
        Ed25519JwtVerifier.Verify(orphan, jwks).ShouldBeFalse();
        server.PublishedKeys.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task DevRotateRoute_MakesANewCurrentKey()
    {
        await using var server = await TestAuther.StartAsync();
        var before = server.CurrentKey.Kid;

        var response = await TestAuther.Client(server).PostAsJsonAsync("/api/auth/dev/rotate-key", new { alg = "ES256" });

        response.EnsureSuccessStatusCode();
        server.CurrentKey.Kid.ShouldNotBe(before);
        server.CurrentKey.Algorithm.ShouldBe(KeyAlgorithm.ES256);
    }
}
