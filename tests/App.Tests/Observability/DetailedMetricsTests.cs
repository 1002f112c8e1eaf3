using System.Net;
using App.Tests.Infrastructure;

namespace App.Tests.Observability;

/// <summary>On a real socket, so that Kestrel's memory pool is used.</summary>
public sealed class DetailedMetricsFixture() : ApiFixture(new() { RealSocket = true, Settings = { ["Metrics:Detailed"] = "true" } });

[Collection(IsolatedMetrics.Name)]
public sealed class DetailedMetricsTests(DetailedMetricsFixture api) : IClassFixture<DetailedMetricsFixture>
{
    [Fact]
    public async Task Detailed_AddsRoutingAuthenticationAuthorizationAndMemoryPoolInstruments()
    {
        (await api.ClientWith(api.TokenFor(TestData.NewUserId())).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var text = await api.CreateClient().GetStringAsync("/metrics");

        text.ShouldContain("aspnetcore_routing_match_attempts", customMessage: text);
        text.ShouldContain("aspnetcore_authentication_authenticate_duration", customMessage: text);
        text.ShouldContain("aspnetcore_authorization_attempts", customMessage: text);
        text.ShouldContain("aspnetcore_memory_pool_rented", customMessage: text);
    }
}
