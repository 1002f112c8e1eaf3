using System.Net;
using App.Api.Auth.Jwks;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Auth;

/// <summary>
/// Rotation as Auther does it: a new key signs, the old one stays published for a while, then leaves.
/// The unknown-kid cooldown is off here so each test may cause its own refresh.
/// </summary>
public sealed class KeyRotationTests(NoCooldownFixture api) : IClassFixture<NoCooldownFixture>
{
    private AutherJwks Jwks => api.Services.GetRequiredService<AutherJwks>();

    [Fact]
    public async Task FirstRequestAfterARotation_Succeeds_AndOldTokensStillVerifyDuringTheGracePeriod()
    {
        var userId = TestData.NewUserId();
        var oldToken = api.TokenFor(userId);
        (await api.ClientWith(oldToken).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // A fetch still running (the start-up one) is over first, or the request's refresh would join it and get the old set.
        await Jwks.RefreshAsync("test");

        var newKey = api.Auther.RotateKey();
        var newToken = api.TokenFor(userId);
        using var first = await api.ClientWith(newToken).GetAsync("/api/me");
        using var old = await api.ClientWith(oldToken).GetAsync("/api/me");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        old.StatusCode.ShouldBe(HttpStatusCode.OK);
        Jwks.Current!.Contains(newKey.Kid).ShouldBeTrue();
    }

    /// <summary>
    /// A new kid makes the app refresh and validate the same request again: a token whose signature fails that
    /// second validation is refused as badly signed, not as signed with an unknown key.
    /// </summary>
    [Fact]
    public async Task FirstRequestAfterARotation_WithABadSignature_IsRefusedAsBadlySigned()
    {
        // The keys are loaded before the rotation, or the first load would already hold the new key; and a fetch still
        // running (the start-up one) is over, or the request's refresh would join it, get the old set and say unknown_kid.
        await Jwks.GetKeySetAsync(CancellationToken.None);
        await Jwks.RefreshAsync("test");
        var key = api.Auther.RotateKey();
        var token = api.TokenFor(TestData.NewUserId(), r => r with { Kid = key.Kid });
        // Another token's signature, made with the same new key.
        var other = api.TokenFor(TestData.NewUserId(), r => r with { Kid = key.Kid });
        var forged = token[..token.LastIndexOf('.')] + other[other.LastIndexOf('.')..];

        using var response = await api.ClientWith(forged).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("bad_signature");
    }

    [Fact]
    public async Task KeyRemovedFromTheJwks_StopsValidating_OnceTheAppHasTheNewSet_EvenForTokensItVerifiedBefore()
    {
        var oldKey = api.Auther.RotateKey();
        var oldToken = api.TokenFor(TestData.NewUserId(), r => r with { Kid = oldKey.Kid });
        (await api.ClientWith(oldToken).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        api.Auther.RotateKey();
        api.Auther.RemoveKey(oldKey.Kid);
        await Jwks.RefreshAsync("test");
        using var response = await api.ClientWith(oldToken).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("unknown_kid");
    }

    [Fact]
    public async Task FailedRefresh_KeepsTheLastKnownGoodKeys()
    {
        var token = api.TokenFor(TestData.NewUserId());
        (await api.ClientWith(token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = Jwks.Current;

        api.Auther.JwksFailing = true;
        try
        {
            await Jwks.RefreshAsync("test");
            using var response = await api.ClientWith(api.TokenFor(TestData.NewUserId())).GetAsync("/api/me");

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            Jwks.Current.ShouldBeSameAs(before);
        }
        finally
        {
            api.Auther.JwksFailing = false;
        }
    }

    [Fact]
    public async Task Ready_WhenKeysAreLoaded_Returns200()
    {
        await Jwks.GetKeySetAsync(CancellationToken.None);

        using var response = await api.CreateClient().GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class NoCooldownFixture() : ApiFixture(new() { Settings = { ["Auth:UnknownKidCooldown"] = "00:00:00" } });

/// <summary>An attacker sending tokens with random kids must not make the app hammer Auther.</summary>
public sealed class UnknownKidThrottleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ManyTokensWithUnknownKids_CauseAtMostOneJwksFetchPerCooldown()
    {
        var jwks = api.Services.GetRequiredService<AutherJwks>();
        await jwks.GetKeySetAsync(CancellationToken.None);
        var fetchesBefore = api.Auther.JwksRequestCount;

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            var token = api.TokenFor(TestData.NewUserId(), r => r with
            {
                ExtraHeaders = new Dictionary<string, object?> { ["kid"] = Guid.NewGuid().ToString("N") },
            });
            using var response = await api.ClientWith(token).GetAsync("/api/me");
            return response.StatusCode;
        }));

        responses.ShouldAllBe(status => status == HttpStatusCode.Unauthorized);
        (api.Auther.JwksRequestCount - fetchesBefore).ShouldBeLessThanOrEqualTo(1);
    }
}
