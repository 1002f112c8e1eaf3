using App.Api.Auth.Jwks;
using App.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace App.Tests.Auth;

/// <summary>
/// The app's copy of Auther's signing keys, on its own against a local Auther: what a fetch keeps (keys, issuer,
/// version), what a failed one leaves, how fetches are shared and throttled, and what operators see of them
/// (the <c>auth.jwks.refresh.count</c> counter and the log).
/// </summary>
public sealed class AutherJwksTests : IAsyncLifetime
{
    private const string DiscoveryPath = "/api/auth/.well-known/openid-configuration";
    private const string JwksPath = "/api/auth/jwks";

    private JwksUnderTest _t = null!;

    public async Task InitializeAsync() => _t = await JwksUnderTest.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task FirstLoad_HoldsThePublishedKeys_UnderTheDiscoveryIssuer_AndSaysWhichKeys()
    {
        var jwks = _t.CreateJwks();
        var kid = _t.Auther.CurrentKey.Kid;

        var set = await jwks.RefreshAsync("startup");

        set.ShouldNotBeNull();
        jwks.Current.ShouldBeSameAs(set);
        set.Keys.Keys.ShouldBe([kid]);
        set.Configuration.SigningKeys.Select(k => k.KeyId).ShouldBe([kid]);
        set.Configuration.Issuer.ShouldBe(JwksUnderTest.DiscoveryIssuer);
        set.FetchedAt.ShouldBe(JwksUnderTest.Start);
        set.Version.ShouldBe(1);
        _t.Refreshes("startup", "ok").ShouldBe(1);
        _t.AllRefreshes.ShouldBe(1);
        var logged = _t.Logger.Entries.ShouldHaveSingleItem();
        logged.Level.ShouldBe(LogLevel.Information);
        logged.Message.ShouldBe($"Loaded 1 Auther signing key(s) (startup): {kid}");
    }

    [Fact]
    public async Task Refresh_WithTheSameKids_KeepsTheVersion_AndLogsNothing_ARotationRaisesItAndIsLogged()
    {
        var jwks = _t.CreateJwks();
        var first = await jwks.RefreshAsync("startup");
        _t.Clock.Now += TimeSpan.FromMinutes(5);

        var same = await jwks.RefreshAsync("scheduled");

        same.ShouldNotBeNull();
        same.ShouldNotBeSameAs(first);
        same.FetchedAt.ShouldBe(JwksUnderTest.Start + TimeSpan.FromMinutes(5));
        same.Version.ShouldBe(1);
        _t.Logger.Entries.Count.ShouldBe(1);

        var rotated = _t.Auther.RotateKey();
        var next = await jwks.RefreshAsync("scheduled");

        next!.Version.ShouldBe(2);
        next.Contains(rotated.Kid).ShouldBeTrue();
        _t.Refreshes("scheduled", "ok").ShouldBe(2);
        _t.Logger.Entries.Count.ShouldBe(2);
        _t.Logger.Entries.Last().Message.ShouldStartWith("Loaded 2 Auther signing key(s) (scheduled): ");
        _t.Logger.Entries.Last().Message.ShouldContain(rotated.Kid);
    }

    [Fact]
    public async Task Issuer_IsTheFirstConfiguredOne_WhenIssuersArePinned_NotTheDiscoveryIssuer()
    {
        var jwks = _t.CreateJwks(o => o.Issuers = ["https://pinned.example.test", JwksUnderTest.DiscoveryIssuer]);

        var set = await jwks.RefreshAsync("startup");

        set!.Configuration.Issuer.ShouldBe("https://pinned.example.test");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Issuer_IsTheAutherUrl_WhenTheDiscoveryDocumentNamesNone(string? issuer)
    {
        var issuerField = issuer is null ? string.Empty : $"\"issuer\":\"{issuer}\",";
        _t.Auther.AnswerWith(DiscoveryPath, 200, "application/json", $$"""{{{issuerField}}"jwks_uri":"{{_t.Auther.JwksUrl}}"}""");
        var jwks = _t.CreateJwks();

        var set = await jwks.RefreshAsync("startup");

        set!.Configuration.Issuer.ShouldBe(_t.Url.TrimEnd('/'));
    }

    [Fact]
    public async Task DiscoveryWithoutAJwksUri_IsAFailedFetch_NotAnError()
    {
        _t.Auther.AnswerWith(DiscoveryPath, 200, "application/json", $$"""{"issuer":"{{JwksUnderTest.DiscoveryIssuer}}"}""");
        var jwks = _t.CreateJwks();

        var set = await jwks.RefreshAsync("startup");

        set.ShouldBeNull();
        jwks.Current.ShouldBeNull();
        _t.Refreshes("startup", "error").ShouldBe(1);
    }

    [Fact]
    public async Task JwksWithoutAUsableKey_IsAFailedFetch_AndTheLastGoodKeysStay()
    {
        var jwks = _t.CreateJwks();
        var good = await jwks.RefreshAsync("startup");
        // A shared secret and nothing else: no key the app may verify with.
        _t.Auther.AnswerWith(JwksPath, 200, "application/json", """{"keys":[{"kty":"oct","kid":"shared","alg":"HS256","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}]}""");

        var after = await jwks.RefreshAsync("scheduled");

        after.ShouldBeSameAs(good);
        jwks.Current.ShouldBeSameAs(good);
        _t.Refreshes("scheduled", "error").ShouldBe(1);
        var logged = _t.Logger.Entries.Last();
        logged.Level.ShouldBe(LogLevel.Warning);
        logged.Message.ShouldContain("keeping the last good keys");
    }

    [Fact]
    public async Task AFailedFetchWithoutKeys_IsInformationUntilTheStartupGraceEnds_AWarningFromItsLastInstant()
    {
        _t.Auther.JwksFailing = true;
        var jwks = _t.CreateJwks();

        _t.Clock.Now = JwksUnderTest.Start + AutherJwks.StartupGrace - TimeSpan.FromTicks(1);
        await jwks.RefreshAsync("startup");
        _t.Clock.Now = JwksUnderTest.Start + AutherJwks.StartupGrace;
        await jwks.RefreshAsync("scheduled");

        _t.Logger.Entries.Select(e => e.Level).ShouldBe([LogLevel.Information, LogLevel.Warning]);
        _t.Logger.Entries.Last().Message.ShouldContain("no keys yet");
        _t.Refreshes("startup", "error").ShouldBe(1);
        _t.Refreshes("scheduled", "error").ShouldBe(1);
    }

    [Fact]
    public async Task AFailedFetchOnceKeysAreLoaded_IsAWarning_EvenWithinTheStartupGrace()
    {
        var jwks = _t.CreateJwks();
        await jwks.RefreshAsync("startup");
        _t.Auther.JwksFailing = true;

        await jwks.RefreshAsync("scheduled");

        var logged = _t.Logger.Entries.Last();
        logged.Level.ShouldBe(LogLevel.Warning);
        logged.Message.ShouldContain("keeping the last good keys");
    }

    [Fact]
    public async Task AKnownKid_IsAnsweredFromMemory_WithoutAFetch()
    {
        var jwks = _t.CreateJwks();
        var set = await jwks.RefreshAsync("startup");
        var fetches = _t.Auther.JwksRequestCount;

        var answer = await jwks.RefreshForUnknownKidAsync(_t.Auther.CurrentKey.Kid, CancellationToken.None);

        answer.ShouldBeSameAs(set);
        _t.Auther.JwksRequestCount.ShouldBe(fetches);
        _t.Refreshes("unknown_kid", "ok").ShouldBe(0);
    }

    [Fact]
    public async Task AnUnknownKid_FetchesTheNewKeys_ThenTheCooldownHoldsFetchesBack_UntilItHasPassed()
    {
        _t.Options.UnknownKidCooldown = TimeSpan.FromSeconds(30);
        var jwks = _t.CreateJwks();
        await jwks.RefreshAsync("startup");
        var rotated = _t.Auther.RotateKey();

        var answer = await jwks.RefreshForUnknownKidAsync(rotated.Kid, CancellationToken.None);

        answer!.Contains(rotated.Kid).ShouldBeTrue();
        _t.Refreshes("unknown_kid", "ok").ShouldBe(1);

        var later = _t.Auther.RotateKey();
        _t.Clock.Now += TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1);
        var held = await jwks.RefreshForUnknownKidAsync(later.Kid, CancellationToken.None);

        held.ShouldBeSameAs(answer);
        _t.Refreshes("unknown_kid", "ok").ShouldBe(1);

        _t.Clock.Now += TimeSpan.FromTicks(1);
        var fetched = await jwks.RefreshForUnknownKidAsync(later.Kid, CancellationToken.None);

        fetched!.Contains(later.Kid).ShouldBeTrue();
        _t.Refreshes("unknown_kid", "ok").ShouldBe(2);
    }

    [Fact]
    public async Task UnknownKidsAtTheSameTime_ShareOneFetch()
    {
        _t.Options.UnknownKidCooldown = TimeSpan.Zero;
        var jwks = _t.CreateJwks();
        await jwks.RefreshAsync("startup");
        var rotated = _t.Auther.RotateKey();
        var fetches = _t.Auther.JwksRequestCount;
        _t.Auther.ResponseDelay = TimeSpan.FromMilliseconds(300);

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => jwks.RefreshForUnknownKidAsync(rotated.Kid, CancellationToken.None)));

        answers.Distinct().ShouldHaveSingleItem()!.Contains(rotated.Kid).ShouldBeTrue();
        (_t.Auther.JwksRequestCount - fetches).ShouldBe(1);
        _t.Refreshes("unknown_kid", "ok").ShouldBe(1);
    }

    [Fact]
    public async Task RequestRefresh_FetchesTheKeysInTheBackground()
    {
        var jwks = _t.CreateJwks();
        await jwks.RefreshAsync("startup");
        var rotated = _t.Auther.RotateKey();

        jwks.RequestRefresh();

        var current = await Eventually.ReturnsAsync(() => Task.FromResult(jwks.Current), c => c!.Contains(rotated.Kid), within: TimeSpan.FromSeconds(10));
        current!.Contains(rotated.Kid).ShouldBeTrue();
        _t.Refreshes("unknown_kid", "ok").ShouldBe(1);
    }

    [Fact]
    public async Task RefreshesAtTheSameTime_ShareOneFetch_AndARefreshAfterItFetchesAgain()
    {
        var jwks = _t.CreateJwks();
        _t.Auther.ResponseDelay = TimeSpan.FromMilliseconds(300);

        var first = jwks.RefreshAsync("startup");
        var second = jwks.RefreshAsync("scheduled");

        second.ShouldBeSameAs(first);
        await first;
        _t.Auther.JwksRequestCount.ShouldBe(1);
        _t.Refreshes("startup", "ok").ShouldBe(1);

        _t.Auther.ResponseDelay = TimeSpan.Zero;
        var rotated = _t.Auther.RotateKey();
        var next = await jwks.RefreshAsync("scheduled");

        next!.Contains(rotated.Kid).ShouldBeTrue();
        _t.Auther.JwksRequestCount.ShouldBe(2);
    }

    [Fact]
    public async Task GetConfiguration_BeforeAnyLoad_FetchesTheKeys_ThenServesThemFromMemory()
    {
        var jwks = _t.CreateJwks();

        var configuration = await jwks.GetConfigurationAsync(CancellationToken.None);

        configuration.SigningKeys.Select(k => k.KeyId).ShouldBe([_t.Auther.CurrentKey.Kid]);
        configuration.Issuer.ShouldBe(JwksUnderTest.DiscoveryIssuer);
        _t.Refreshes("cold_start", "ok").ShouldBe(1);

        var again = await jwks.GetConfigurationAsync(CancellationToken.None);

        again.ShouldBeSameAs(configuration);
        _t.Auther.JwksRequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task GetKeySet_BeforeAnyLoad_FetchesTheKeys_ThenServesThemFromMemory()
    {
        var jwks = _t.CreateJwks();

        var set = await jwks.GetKeySetAsync(CancellationToken.None);

        set.ShouldNotBeNull();
        set.ShouldBeSameAs(jwks.Current);
        set.Contains(_t.Auther.CurrentKey.Kid).ShouldBeTrue();
        (await jwks.GetKeySetAsync(CancellationToken.None)).ShouldBeSameAs(set);
        _t.Auther.JwksRequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task ColdStartsAtTheSameTime_ShareOneFetch()
    {
        var jwks = _t.CreateJwks();
        _t.Auther.ResponseDelay = TimeSpan.FromMilliseconds(300);

        var configurations = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => jwks.GetConfigurationAsync(CancellationToken.None)));

        configurations.Distinct().ShouldHaveSingleItem();
        _t.Auther.JwksRequestCount.ShouldBe(1);
        _t.Refreshes("cold_start", "ok").ShouldBe(1);
    }

    [Fact]
    public async Task AColdStartAfterAFailedOne_IsRefusedAtOnce_UntilTheRetryDelayHasPassed()
    {
        _t.Options.KeysUnavailableRetryAfter = TimeSpan.FromSeconds(5);
        _t.Auther.JwksFailing = true;
        var jwks = _t.CreateJwks();

        await Should.ThrowAsync<KeysUnavailableException>(() => jwks.GetConfigurationAsync(CancellationToken.None));
        var attempts = _t.Auther.DiscoveryRequestCount;
        _t.Auther.JwksFailing = false;
        _t.Clock.Now += TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1);

        await Should.ThrowAsync<KeysUnavailableException>(() => jwks.GetConfigurationAsync(CancellationToken.None));
        _t.Auther.DiscoveryRequestCount.ShouldBe(attempts);
        _t.Refreshes("cold_start", "error").ShouldBe(1);

        _t.Clock.Now += TimeSpan.FromTicks(1);
        var configuration = await jwks.GetConfigurationAsync(CancellationToken.None);

        configuration.SigningKeys.ShouldNotBeEmpty();
        _t.Refreshes("cold_start", "ok").ShouldBe(1);
    }
}
