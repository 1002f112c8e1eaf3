using App.Api.Network;

namespace App.Tests.Network;

public sealed class NetworkSettingsTests
{
    private readonly NetworkSettingsValidator _validator = new();

    [Fact]
    public void KnownProxy_ThatIsNotAnAddress_IsReportedByName()
    {
        var result = _validator.Validate(null, new NetworkOptions { KnownProxies = ["10.0.0.5", "proxy.local"] });

        result.Failures.ShouldHaveSingleItem().ShouldStartWith("Network:KnownProxies:1 'proxy.local' is not an IP address");
    }

    [Fact]
    public void KnownNetwork_WithoutAPrefixLength_IsReportedByName()
    {
        var result = _validator.Validate(null, new NetworkOptions { KnownNetworks = ["10.0.0.0"] });

        result.Failures.ShouldHaveSingleItem().ShouldStartWith("Network:KnownNetworks:0");
    }

    [Theory]
    [InlineData("https://app.example.com", true)]
    [InlineData("http://localhost:3000", true)]
    [InlineData("https://app.example.com/", false)]
    [InlineData("https://app.example.com/path", false)]
    [InlineData("app.example.com", false)]
    [InlineData("*", false)]
    public void AllowedOrigin_MustBeABareOrigin(string origin, bool valid)
    {
        var result = _validator.Validate(null, new CorsSettings { AllowedOrigins = [origin] });

        result.Succeeded.ShouldBe(valid);
    }

    [Fact]
    public void RateLimit_OfZero_IsRefused()
    {
        var result = _validator.Validate(null, new RateLimitOptions { PerIp = new FixedWindowBudget { PermitLimit = 0 } });

        result.Failures.ShouldHaveSingleItem().ShouldStartWith("RateLimits:PerIp:PermitLimit");
    }
}
