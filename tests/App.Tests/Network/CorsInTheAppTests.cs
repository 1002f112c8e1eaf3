using System.Net;
using App.Tests.Infrastructure;

namespace App.Tests.Network;

public sealed class CorsFixture() : ApiFixture(new() { Settings = { ["Cors:AllowedOrigins:0"] = Origin } })
{
    public const string Origin = "https://app.example.com";
}

/// <summary>CORS in the real pipeline, where every endpoint needs a token by default.</summary>
public sealed class CorsInTheAppTests(CorsFixture api) : IClassFixture<CorsFixture>
{
    [Fact]
    public async Task Preflight_ForAProtectedEndpoint_IsAnsweredWithoutAToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/orgs");
        request.Headers.Add("Origin", CorsFixture.Origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");

        using var response = await api.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([CorsFixture.Origin]);
    }

    [Fact]
    public async Task A401_ToAnAllowedOrigin_CarriesCorsHeaders_SoTheBrowserCanReadTheProblem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orgs");
        request.Headers.Add("Origin", CorsFixture.Origin);

        using var response = await api.CreateClient().SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 401);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([CorsFixture.Origin]);
        response.Headers.GetValues("Access-Control-Expose-Headers").Single().ShouldContain("WWW-Authenticate");
    }
}
