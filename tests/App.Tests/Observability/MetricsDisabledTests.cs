using System.Net;
using App.Tests.Infrastructure;

namespace App.Tests.Observability;

public sealed class MetricsDisabledTests(MetricsDisabledTests.Fixture api) : IClassFixture<MetricsDisabledTests.Fixture>
{
    [Fact]
    public async Task MetricsDisabled_MetricsIsNotServed()
    {
        using var response = await api.CreateClient().GetAsync("/metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public sealed class Fixture() : ApiFixture(new() { Settings = { ["Metrics:Enabled"] = "false" } });
}
