using System.Net;
using System.Text.Json;
using App.Tests.Infrastructure;

namespace App.Tests.Health;

public sealed class HealthTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Live_AnswersWithoutAuthentication()
    {
        using var response = await api.CreateClient().GetAsync("/health/live");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task Ready_WhenTheDatabaseAnswers_ReportsTheDatabaseHealthy()
    {
        using var response = await api.CreateClient().GetAsync("/health/ready");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
    }
}

public sealed class UnreachableDatabaseFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        // A port nothing listens on: the database is "down".
        settings["ConnectionStrings:Default"] = "Host=127.0.0.1;Port=9;Database=none;Username=none;Timeout=2";
        return settings;
    }
}

public sealed class HealthWithDatabaseDownTests(UnreachableDatabaseFixture api) : IClassFixture<UnreachableDatabaseFixture>
{
    [Fact]
    public async Task Ready_WhenTheDatabaseIsUnreachable_Returns503()
    {
        using var response = await api.CreateClient().GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Live_WhenTheDatabaseIsUnreachable_StillAnswers()
    {
        using var response = await api.CreateClient().GetAsync("/health/live");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
