using System.Net;
using App.Api.Auth.Jwks;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Auth;

/// <summary>
/// The first token signed with a new key is validated a second time, after one JWKS refresh, in the same request:
/// what that second validation decides is answered and counted as the first would be, and a token it accepts is
/// cached like any other.
/// </summary>
public sealed class RotationRevalidationAnswerTests(NoCooldownFixture api) : IClassFixture<NoCooldownFixture>
{
    private AutherJwks Jwks => api.Services.GetRequiredService<AutherJwks>();

    [Fact]
    public async Task ATokenOfANewKey_IsVerifiedAfterTheRefresh_CountedOnce_AndCachedForTheNextRequest()
    {
        var key = await RotateAfterTheKeysAreLoadedAsync();
        using var metrics = new AuthMetricsRecorder(api.Services);
        using var client = api.ClientWith(api.TokenFor(TestData.NewUserId(), r => r with { Kid = key }));

        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        metrics.Count("ok").ShouldBe(1);
        metrics.Count("ok_cached").ShouldBe(1);
        metrics.Count("unknown_kid").ShouldBe(0);
    }

    [Fact]
    public async Task ATokenOfANewKey_WithABadSignature_IsAnsweredAndCountedAsBadlySigned()
    {
        var key = await RotateAfterTheKeysAreLoadedAsync();
        var token = api.TokenFor(TestData.NewUserId(), r => r with { Kid = key });
        var other = api.TokenFor(TestData.NewUserId(), r => r with { Kid = key });
        var forged = token[..token.LastIndexOf('.')] + other[other.LastIndexOf('.')..];
        using var metrics = new AuthMetricsRecorder(api.Services);

        using var response = await api.ClientWith(forged).GetAsync("/api/me");

        await ShouldBeRefusedAsync(response, "bad_signature", "The token's signature is invalid.");
        metrics.Count("bad_signature").ShouldBe(1);
        metrics.Count("unknown_kid").ShouldBe(0);
    }

    [Fact]
    public async Task ATokenOfANewKey_LivingTooLong_IsAnsweredAndCountedAsSuch()
    {
        var key = await RotateAfterTheKeysAreLoadedAsync();
        var token = api.TokenFor(TestData.NewUserId(), r => r with { Kid = key, Lifetime = TimeSpan.FromDays(30) });
        using var metrics = new AuthMetricsRecorder(api.Services);

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        await ShouldBeRefusedAsync(response, "lifetime_too_long", "The token lives longer than this API accepts (exp - iat).");
        metrics.Count("lifetime_too_long").ShouldBe(1);
        metrics.Count("ok").ShouldBe(0);
    }

    [Fact]
    public async Task AKidTheRefreshedKeysDoNotHave_IsAnsweredAndCountedOnceAsUnknown()
    {
        await Jwks.GetKeySetAsync(CancellationToken.None);
        await Jwks.RefreshAsync("test");
        var token = api.TokenFor(TestData.NewUserId(), r => r with { ExtraHeaders = new Dictionary<string, object?> { ["kid"] = "never-published" } });
        using var metrics = new AuthMetricsRecorder(api.Services);

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        await ShouldBeRefusedAsync(response, "unknown_kid", "The token's signing key is not known.");
        metrics.Count("unknown_kid").ShouldBe(1);
    }

    private async Task<string> RotateAfterTheKeysAreLoadedAsync()
    {
        // The keys are loaded before the rotation, or the first load would already hold the new key; and a fetch
        // still running (the start-up one) is over, or the request's refresh would join it and get the old set.
        await Jwks.GetKeySetAsync(CancellationToken.None);
        await Jwks.RefreshAsync("test");
        return api.Auther.RotateKey().Kid;
    }

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response, string reason, string description)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, 401);
        problem.GetProperty("title").GetString().ShouldBe("Invalid token");
        problem.GetProperty("code").GetString().ShouldBe(reason);
        problem.GetProperty("detail").GetString().ShouldBe(description);
        response.Headers.WwwAuthenticate.ToString().ShouldBe($"Bearer error=\"invalid_token\", error_description=\"{description}\"");
    }
}
