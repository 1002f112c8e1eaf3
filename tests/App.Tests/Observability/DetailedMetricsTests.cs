using System.Net;
using App.Tests.Infrastructure;

namespace App.Tests.Observability;

public sealed class DetailedMetricsFixture() : ApiFixture(new() { Settings = { ["Metrics:Detailed"] = "true" } });

[Collection(IsolatedMetrics.Name)]
public sealed class DetailedMetricsTests(DetailedMetricsFixture api) : IClassFixture<DetailedMetricsFixture>
{
    [Fact]
    public async Task Detailed_AddsRoutingAuthenticationAndAuthorizationInstruments()
    {
        (await api.ClientWith(api.TokenFor(TestData.NewUserId())).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var text = await api.CreateClient().GetStringAsync("/metrics");

        text.ShouldContain("aspnetcore_routing_match_attempts", customMessage: text);
        text.ShouldContain("aspnetcore_authentication_authenticate_duration", customMessage: text);
        text.ShouldContain("aspnetcore_authorization_attempts", customMessage: text);
    }
}
