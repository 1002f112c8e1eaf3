using System.Net;
using App.Api.Webhooks;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Observability;

[Collection(IsolatedMetrics.Name)]
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

        text.ShouldContain("# TYPE auth_jwt_verify_result_count_total counter", customMessage: text);
        text.ShouldContain("auth_jwt_verify_result_count_total{result=\"ok\"}");
        text.ShouldContain("auth_jwt_verify_result_count_total{result=\"ok_cached\"}");
        text.ShouldContain("auth_shadow_jit_count_total{result=\"created\"}");
        text.ShouldContain("auth_request_count_total{method=\"jwt\"}");
        text.ShouldContain("auth_jwks_refresh_count_total");
    }

    [Fact]
    public async Task MetricsEndpoint_CountsEachRequestOnce_AndNeedsNoToken()
    {
        var token = api.TokenFor(TestData.NewUserId());
        var before = Value(await api.CreateClient().GetStringAsync("/metrics"), "auth_request_count_total{method=\"jwt\"}");

        for (var i = 0; i < 3; i++)
        {
            (await api.ClientWith(token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var response = await api.CreateClient().GetAsync("/metrics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var text = await response.Content.ReadAsStringAsync();
        // Other tests of this class may add to the counter meanwhile, never take from it.
        Value(text, "auth_request_count_total{method=\"jwt\"}").ShouldBeGreaterThanOrEqualTo(before + 3);
    }

    [Fact]
    public async Task MetricsEndpoint_ExposesFrameworkInstrumentation()
    {
        (await api.CreateClient().GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var text = await api.CreateClient().GetStringAsync("/metrics");

        // ASP.NET Core's request duration (the exporter adds the unit), and the pool of connections to PostgreSQL.
        text.ShouldContain("# TYPE http_server_request_duration_seconds histogram", customMessage: text);
        text.ShouldContain("http_route=\"/health/live\"");
        text.ShouldContain("db_client_connection");
    }

    [Fact]
    public async Task PerRequestFrameworkDetail_IsNotCollectedByDefault()
    {
        (await api.ClientWith(api.TokenFor(TestData.NewUserId())).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var text = await api.CreateClient().GetStringAsync("/metrics");

        text.ShouldContain("http_server_request_duration_seconds", customMessage: text);
        text.ShouldNotContain("aspnetcore_routing_match_attempts", customMessage: text);
        text.ShouldNotContain("aspnetcore_authentication_", customMessage: text);
        text.ShouldNotContain("aspnetcore_authorization_", customMessage: text);
    }

    [Fact]
    public async Task MetricsEndpoint_NamesTheWebhookHistogramWithItsUnit()
    {
        api.Services.GetRequiredService<WebhookMetrics>()
            .Record("user.updated", WebhookFormat.Svix, WebhookOutcome.Applied, TimeSpan.FromMilliseconds(12));

        var text = await api.CreateClient().GetStringAsync("/metrics");

        text.ShouldContain("# TYPE webhook_processing_duration_milliseconds histogram", customMessage: text);
        text.Split('\n').ShouldContain(l => l.StartsWith("webhook_received_count_total{", StringComparison.Ordinal) &&
                                              l.Contains("outcome=\"applied\"", StringComparison.Ordinal) && l.Contains("type=\"user.updated\"", StringComparison.Ordinal));
    }

    /// <summary>The sample's value on the line that starts with <paramref name="series"/>; 0 when absent.</summary>
    private static double Value(string text, string series) =>
        text.Split('\n').Where(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Single();
}
