using System.Net;

namespace App.Tests.Network;

public sealed class CorsTests
{
    private const string Allowed = "https://app.example.com";

    [Fact]
    public async Task Preflight_FromAnAllowedOrigin_IsAnsweredWithoutAToken()
    {
        await using var host = await NetworkHost.StartAsync(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Allowed });

        using var response = await host.CreateClient().SendAsync(Preflight(Allowed));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([Allowed]);
        response.Headers.GetValues("Access-Control-Allow-Headers").Single().ShouldContain("authorization", Case.Insensitive);
    }

    [Fact]
    public async Task Request_FromAnotherOrigin_GetsNoCorsHeaders()
    {
        await using var host = await NetworkHost.StartAsync(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Allowed });

        using var response = await host.CreateClient().SendAsync(Preflight("https://evil.example.net"));

        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task NoOriginConfigured_AllowsNoOrigin()
    {
        await using var host = await NetworkHost.StartAsync(new Dictionary<string, string?>());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add("Origin", Allowed);
        using var response = await host.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task ActualRequest_FromAnAllowedOrigin_ExposesRetryAfter()
    {
        await using var host = await NetworkHost.StartAsync(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Allowed });

        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add("Origin", Allowed);
        using var response = await host.CreateClient().SendAsync(request);

        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([Allowed]);
        response.Headers.GetValues("Access-Control-Expose-Headers").Single().ShouldContain("Retry-After");
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/whoami");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        return request;
    }
}
