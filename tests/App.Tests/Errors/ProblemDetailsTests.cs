using System.Net;
using System.Text.Json;
using App.Tests.Infrastructure;

namespace App.Tests.Errors;

public sealed class ProblemDetailsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("GET", "/no/such/route")]
    [InlineData("POST", "/api/nothing-here")]
    public async Task UnknownRoute_Returns404Problem_EvenWithoutAToken(string method, string path)
    {
        using var response = await api.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(response, 404);
    }

    [Fact]
    public async Task Problem_CarriesATraceId()
    {
        using var response = await api.CreateClient().GetAsync("/no/such/route");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();
    }
}
