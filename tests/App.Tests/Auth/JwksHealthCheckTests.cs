using App.Api.Auth.Jwks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.Tests.Auth;

/// <summary>What /health/ready says of the signing keys: an operator reads whether they are loaded, how many, and since when.</summary>
public sealed class JwksHealthCheckTests : IAsyncLifetime
{
    private JwksUnderTest _t = null!;

    public async Task InitializeAsync() => _t = await JwksUnderTest.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task BeforeAnyKeyIsLoaded_IsUnhealthy_AndSaysSo()
    {
        var check = new JwksHealthCheck(_t.CreateJwks());

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Description.ShouldBe("Auther's signing keys are not loaded yet");
    }

    [Fact]
    public async Task OnceKeysAreLoaded_IsHealthy_AndSaysHowManyAndWhenTheyWereFetched()
    {
        var jwks = _t.CreateJwks();
        _t.Auther.RotateKey();
        await jwks.RefreshAsync("startup");
        _t.Clock.Now += TimeSpan.FromMinutes(1);

        var result = await new JwksHealthCheck(jwks).CheckHealthAsync(new HealthCheckContext());

        result.Status.ShouldBe(HealthStatus.Healthy);
        result.Description.ShouldBe("2 signing key(s), fetched 2026-12-06T03:00:00.0000000+00:00");
    }
}
