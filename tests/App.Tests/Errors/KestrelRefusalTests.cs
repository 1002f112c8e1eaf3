using System.Text;
using System.Text.Json;
using App.Api.Network;
using App.Tests.Infrastructure;
using App.Tests.Webhooks;

namespace App.Tests.Errors;

/// <summary>
/// What Kestrel's own parser does with hostile requests, over a real socket: oversized headers get the app's
/// 431 problem up to Kestrel's hard ceiling; a NUL in the path is refused by Kestrel before the app runs.
/// </summary>
public sealed class KestrelRefusalTests(RealSocketFixture api) : IClassFixture<RealSocketFixture>
{
    [Theory]
    [InlineData(40, 1000)] // ~40 KB in 40 fields: over the app's total, under Kestrel's ceiling
    [InlineData(150, 10)] // 150 small fields: over the app's count, under Kestrel's ceiling
    public async Task Oversized_headers_under_the_ceiling_get_a_431_problem(int fields, int valueLength)
    {
        var response = await RawHttp.SendAsync(api.Address, "GET /health/live HTTP/1.1" + Padding(fields, valueLength));

        response.Status.ShouldBe(431);
        response.Headers["Content-Type"].ShouldStartWith("application/problem+json");
        using var problem = JsonDocument.Parse(response.Body);
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(431);
        problem.RootElement.GetProperty("code").GetString().ShouldBe("request_headers_too_large");
        problem.RootElement.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        problem.RootElement.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        problem.RootElement.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Headers_within_the_app_limit_pass()
    {
        var response = await RawHttp.SendAsync(api.Address, "GET /health/live HTTP/1.1" + Padding(20, 1000));

        response.Status.ShouldBe(200);
    }

    /// <summary>Past the ceiling Kestrel stops reading and answers itself: the memory bound, and its empty body.</summary>
    [Fact]
    public async Task Headers_past_the_ceiling_are_refused_by_Kestrel_without_a_body()
    {
        var response = await RawHttp.SendAsync(api.Address, "GET /health/live HTTP/1.1" + Padding(HeaderLimits.CeilingTotalSize / 1000 + 10, 1000));

        response.Status.ShouldBe(431);
        response.Body.ShouldBeEmpty();
    }

    /// <summary>
    /// Kestrel decodes the path while parsing the request line and rejects a decoded NUL there
    /// ("The path contains null characters."), before any middleware; no option lets it through. This pins
    /// that documented exception: if Kestrel ever lets it through, the app's edge check answers instead.
    /// </summary>
    [Fact]
    public async Task A_NUL_in_the_path_is_refused_by_Kestrel_before_the_app()
    {
        var response = await RawHttp.SendAsync(api.Address, "GET /api/orgs/a%00b/members HTTP/1.1");

        response.Status.ShouldBe(400);
        response.Body.ShouldBeEmpty();
        response.Headers.ContainsKey("Content-Type").ShouldBeFalse();
    }

    private static string Padding(int fields, int valueLength)
    {
        var padding = new StringBuilder();
        for (var i = 0; i < fields; i++)
        {
            padding.Append($"\r\nX-Pad-{i}: ").Append('a', valueLength);
        }

        return padding.ToString();
    }
}
