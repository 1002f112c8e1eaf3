using System.Globalization;
using System.Net;
using App.Tests.Infrastructure;
using App.Tests.Webhooks;
using Microsoft.AspNetCore.Mvc.Testing;

namespace App.Tests.Observability;

/// <summary>What one host's <c>/metrics</c> holds when other hosts share its process; on a real socket, so Kestrel runs.</summary>
[Collection(IsolatedMetrics.Name)]
public sealed class HostMetricsTests(RealSocketFixture api) : IClassFixture<RealSocketFixture>
{
    [Fact]
    public async Task AnotherHostInTheProcess_IsNotCountedInThisHostsMetrics()
    {
        var other = api.CreateInstance();
        var token = api.TokenFor(TestData.NewUserId());
        var (mine, theirs) = (await ScrapeAsync(api.Factory), await ScrapeAsync(other));

        for (var i = 0; i < 3; i++)
        {
            (await api.ClientWith(token, other).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var (mineAfter, theirsAfter) = (await ScrapeAsync(api.Factory), await ScrapeAsync(other));
        // The app's own meter and ASP.NET Core's: both are made by each host's meter factory.
        Sum(theirsAfter, "auth_request_count_total{", "method=\"jwt\"").ShouldBe(Sum(theirs, "auth_request_count_total{", "method=\"jwt\"") + 3, theirsAfter);
        Sum(mineAfter, "auth_request_count_total{", "method=\"jwt\"").ShouldBe(Sum(mine, "auth_request_count_total{", "method=\"jwt\""), mineAfter);
        Sum(theirsAfter, "http_server_request_duration_seconds_count{", "http_route=\"/api/me/\"")
            .ShouldBe(Sum(theirs, "http_server_request_duration_seconds_count{", "http_route=\"/api/me/\"") + 3, theirsAfter);
        Sum(mineAfter, "http_server_request_duration_seconds_count{", "http_route=\"/api/me/\"")
            .ShouldBe(Sum(mine, "http_server_request_duration_seconds_count{", "http_route=\"/api/me/\""), mineAfter);
    }

    [Fact]
    public async Task ServerMemoryPool_IsNotCollectedByDefault()
    {
        (await api.ClientWith(api.TokenFor(TestData.NewUserId())).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var text = await ScrapeAsync(api.Factory);

        text.ShouldContain("kestrel_active_connections", customMessage: text);
        text.ShouldNotContain("aspnetcore_memory_pool_", customMessage: text);
    }

    private async Task<string> ScrapeAsync(WebApplicationFactory<Program> instance)
    {
        using var client = api.ClientWith("unused", instance);
        client.DefaultRequestHeaders.Authorization = null;
        return await client.GetStringAsync("/metrics");
    }

    /// <summary>The sum of the samples on lines that start with <paramref name="series"/> and contain <paramref name="label"/>.</summary>
    private static double Sum(string text, string series, string label) =>
        text.Split('\n').Where(l => l.StartsWith(series, StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal))
            .Sum(l => double.Parse(l.Split(' ')[^1], CultureInfo.InvariantCulture));
}
