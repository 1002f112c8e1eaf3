using App.Api.Auth.Jwks;
using App.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace App.Tests.Auth;

/// <summary>
/// The background refresher: the first load at start (counted as <c>startup</c>), then a refresh every
/// <c>Auth:JwksRefreshInterval</c> (<c>scheduled</c>), or every <c>Auth:KeysUnavailableRetryAfter</c> while no key
/// could be had. Delays are real time here, made short or long so only the right one can elapse.
/// </summary>
public sealed class JwksRefreshServiceTests : IAsyncLifetime
{
    private JwksUnderTest _t = null!;

    public async Task InitializeAsync() => _t = await JwksUnderTest.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task LoadsTheKeysAtStart_ThenRefreshesThemEveryInterval()
    {
        _t.Options.JwksRefreshInterval = TimeSpan.FromMilliseconds(200);
        _t.Options.KeysUnavailableRetryAfter = TimeSpan.FromHours(1);
        var jwks = _t.CreateJwks();
        using var service = new JwksRefreshService(jwks, Options.Create(_t.Options), _t.Clock);

        await service.StartAsync(CancellationToken.None);
        var scheduled = await Eventually.ReturnsAsync(() => Task.FromResult(_t.Refreshes("scheduled", "ok")), n => n >= 2, within: TimeSpan.FromSeconds(20));
        await service.StopAsync(CancellationToken.None);

        scheduled.ShouldBeGreaterThanOrEqualTo(2);
        _t.Refreshes("startup", "ok").ShouldBe(1);
        jwks.Current.ShouldNotBeNull();
    }

    [Fact]
    public async Task OnceKeysAreLoaded_WaitsTheRefreshInterval_NotTheRetryDelay()
    {
        _t.Options.JwksRefreshInterval = TimeSpan.FromHours(1);
        _t.Options.KeysUnavailableRetryAfter = TimeSpan.FromMilliseconds(50);
        var jwks = _t.CreateJwks();
        using var service = new JwksRefreshService(jwks, Options.Create(_t.Options), _t.Clock);

        await service.StartAsync(CancellationToken.None);
        await Eventually.ReturnsAsync(() => Task.FromResult(jwks.Current), c => c is not null, within: TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await service.StopAsync(CancellationToken.None);

        _t.Refreshes("startup", "ok").ShouldBe(1);
        _t.AllRefreshes.ShouldBe(1);
        _t.Auther.JwksRequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task WhileNoKeyCanBeHad_RetriesAfterTheRetryDelay_UntilAutherAnswers()
    {
        _t.Options.JwksRefreshInterval = TimeSpan.FromHours(1);
        _t.Options.KeysUnavailableRetryAfter = TimeSpan.FromMilliseconds(100);
        _t.Auther.JwksFailing = true;
        var jwks = _t.CreateJwks();
        using var service = new JwksRefreshService(jwks, Options.Create(_t.Options), _t.Clock);

        await service.StartAsync(CancellationToken.None);
        var retries = await Eventually.ReturnsAsync(() => Task.FromResult(_t.Refreshes("scheduled", "error")), n => n >= 2, within: TimeSpan.FromSeconds(20));
        _t.Auther.JwksFailing = false;
        var current = await Eventually.ReturnsAsync(() => Task.FromResult(jwks.Current), c => c is not null, within: TimeSpan.FromSeconds(20));
        await service.StopAsync(CancellationToken.None);

        _t.Refreshes("startup", "error").ShouldBe(1);
        retries.ShouldBeGreaterThanOrEqualTo(2);
        current.ShouldNotBeNull();
    }

    [Fact]
    public async Task Stopping_EndsTheRefreshes()
    {
        _t.Options.JwksRefreshInterval = TimeSpan.FromMilliseconds(100);
        var jwks = _t.CreateJwks();
        using var service = new JwksRefreshService(jwks, Options.Create(_t.Options), _t.Clock);
        await service.StartAsync(CancellationToken.None);
        await Eventually.ReturnsAsync(() => Task.FromResult(jwks.Current), c => c is not null, within: TimeSpan.FromSeconds(20));

        await service.StopAsync(CancellationToken.None);
        var fetches = _t.AllRefreshes;
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        service.ExecuteTask!.IsCompletedSuccessfully.ShouldBeTrue();
        _t.AllRefreshes.ShouldBe(fetches);
    }
}
