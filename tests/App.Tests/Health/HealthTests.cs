using System.Net;
using System.Text.Json;
using App.Tests.Infrastructure;
using App.Api.Auth.Jwt;
using Microsoft.Extensions.DependencyInjection;

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

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    public async Task Probes_AreAnsweredBeforeAuthentication_SoACallersTokenIsNotEvenRead(string path)
    {
        var cache = api.Services.GetRequiredService<VerifiedTokenCache>();
        var before = cache.Count;

        using var probe = await api.ClientWith(api.TokenFor(TestData.NewUserId())).GetAsync(path);

        // Ready may say 503 while the fixture's keys load; what matters is that the probe was answered.
        probe.StatusCode.ShouldNotBe(HttpStatusCode.NotFound);
        cache.Count.ShouldBe(before);
    }

    [Fact]
    public async Task Ready_WhenTheDatabaseAnswers_ReportsTheDatabaseHealthy()
    {
        using var response = await api.CreateClient().GetAsync("/health/ready");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
    }
}

/// <summary>The database on a port nothing listens on: "down".</summary>
public sealed class UnreachableDatabaseFixture() : ApiFixture(new() { Settings = { ["ConnectionStrings:Default"] = "Host=127.0.0.1;Port=9;Database=none;Username=none;Timeout=2" } });

public sealed class HealthWithDatabaseDownTests(UnreachableDatabaseFixture api) : IClassFixture<UnreachableDatabaseFixture>
{
    [Fact]
    public async Task Ready_WhenTheDatabaseIsUnreachable_Returns503ProblemWithRetryAfter_AndSaysWhy()
    {
        using var response = await api.CreateClient().GetAsync("/health/ready");

        var problem = await ProblemAssert.IsProblemAsync(response, 503);
        response.Headers.RetryAfter.ShouldNotBeNull();
        problem.GetProperty("checks").GetProperty("database").GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("/api/me")]
    [InlineData("/api/orgs")]
    public async Task ApiRoute_WhenTheDatabaseIsUnreachable_Returns503ProblemWithRetryAfter(string path)
    {
        using var response = await api.ClientWith(api.TokenFor(TestData.NewUserId())).GetAsync(path);

        (await ProblemAssert.IsProblemAsync(response, 503)).GetProperty("code").GetString().ShouldBe("database_unavailable");
        response.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task NonJwtBearer_WhenTheDatabaseIsUnreachable_Returns503Problem()
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-jwt");

        using var response = await client.GetAsync("/api/me");

        await ProblemAssert.IsProblemAsync(response, 503);
    }

    [Fact]
    public async Task Live_WhenTheDatabaseIsUnreachable_StillAnswers()
    {
        using var response = await api.CreateClient().GetAsync("/health/live");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
