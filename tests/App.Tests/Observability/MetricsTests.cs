using System.Net;
using App.Tests.Infrastructure;

namespace App.Tests.Observability;

public sealed class MetricsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task MetricsEndpoint_ExposesTheGuidesAuthCounters()
    {
        var userId = TestData.NewUserId();
        var token = api.TokenFor(userId);
        (await api.ClientWith(token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.ClientWith(token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var text = await api.CreateClient().GetStringAsync("/metrics");

        text.ShouldContain("# TYPE auth_jwt_verify_result_count_total counter");
        text.ShouldContain("auth_jwt_verify_result_count_total{result=\"ok\"}");
        text.ShouldContain("auth_jwt_verify_result_count_total{result=\"ok_cached\"}");
        text.ShouldContain("auth_shadow_jit_count_total{result=\"created\"}");
        text.ShouldContain("auth_request_count_total{method=\"jwt\"}");
        text.ShouldContain("auth_jwks_refresh_count_total");
    }
}
