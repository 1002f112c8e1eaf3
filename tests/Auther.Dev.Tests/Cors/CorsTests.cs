using System.Net;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Cors;

/// <summary>CORS for configured browser origins, with credentials, as the deployed Auther's trusted origins get it.</summary>
public sealed class CorsTests
{
    private const string WebOrigin = "http://localhost:5070";

    [Theory]
    [InlineData("/api/auth/sign-in/email", "POST")]
    [InlineData("/api/auth/get-session", "GET")]
    [InlineData("/api/auth/sign-out", "POST")]
    [InlineData("/api/auth/oauth2/token", "POST")]
    public async Task Preflight_FromAConfiguredOrigin_IsAnswered_WithCredentialsAllowed(string path, string method)
    {
        await using var server = await StartAsync();
        using var client = TestAuther.Client(server);

        using var response = await client.SendAsync(Preflight(path, WebOrigin, method));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([WebOrigin]);
        response.Headers.GetValues("Access-Control-Allow-Credentials").ShouldBe(["true"]);
        response.Headers.GetValues("Access-Control-Allow-Methods").ShouldContain(method);
        response.Headers.GetValues("Access-Control-Allow-Headers").Single().ShouldContain("content-type");
    }

    [Fact]
    public async Task Preflight_FromAnOriginNotConfigured_GetsNoCorsHeaders()
    {
        await using var server = await StartAsync();
        using var client = TestAuther.Client(server);

        using var response = await client.SendAsync(Preflight("/api/auth/sign-in/email", "http://elsewhere.example", "POST"));

        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task GetSession_FromAConfiguredOrigin_ExposesTheSessionJwtHeader()
    {
        await using var server = await Deployed.StartAsync(o => o.CorsOrigins.Add(WebOrigin + "/"));
        var session = Deployed.SignedInAdmin(server);
        using var client = TestAuther.Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/get-session");
        request.Headers.Add("Origin", WebOrigin);
        request.Headers.Add("Cookie", session.CookieHeader);

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([WebOrigin]);
        response.Headers.GetValues("Access-Control-Expose-Headers").ShouldBe(["set-auth-jwt"]);
        response.Headers.Contains("set-auth-jwt").ShouldBeTrue();
    }

    [Fact]
    public async Task ACorsOrigin_IsTrustedByTheOriginCheck_AnotherIsNot()
    {
        await using var server = await Deployed.StartAsync(o => o.CorsOrigins.Add(WebOrigin));
        using var client = TestAuther.Client(server);

        using var trusted = await client.SendAsync(SignOut(Deployed.SignedInAdmin(server).CookieHeader, WebOrigin));
        using var foreign = await client.SendAsync(SignOut(Deployed.SignedInAdmin(server).CookieHeader, "http://elsewhere.example"));

        trusted.StatusCode.ShouldBe(HttpStatusCode.OK);
        await ErrorAssert.BetterAuthAsync(foreign, HttpStatusCode.Forbidden, "INVALID_ORIGIN");
    }

    [Fact]
    public async Task APostToTheTokenEndpointCarryingCookies_NeedsATrustedOriginOrReferer_AsBetterAuthsOriginCheck()
    {
        await using var server = await StartAsync();
        using var client = TestAuther.Client(server);

        using var withoutOrigin = await client.SendAsync(TokenPost(request => { }));
        using var withReferer = await client.SendAsync(TokenPost(request => request.Headers.Referrer = new Uri(WebOrigin + "/page")));
        using var withoutCookies = await client.PostAsync("/api/auth/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>()));

        await ErrorAssert.BetterAuthAsync(withoutOrigin, HttpStatusCode.Forbidden, "INVALID_ORIGIN");
        withReferer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "past the origin check: the empty form is refused");
        withoutCookies.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DevRoutes_GetNoCorsHeaders()
    {
        await using var server = await StartAsync();
        using var client = TestAuther.Client(server);

        using var response = await client.SendAsync(Preflight("/api/auth/dev/token", WebOrigin, "POST"));

        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Theory]
    [InlineData("localhost:5070")]
    [InlineData("http://localhost:5070/app")]
    [InlineData("ftp://localhost")]
    public async Task AnOriginThatIsNotOne_StopsStartUp_NamingIt(string origin)
    {
        var error = await Should.ThrowAsync<ArgumentException>(() => TestAuther.StartAsync(o => o.CorsOrigins.Add(origin)));

        error.Message.ShouldContain(origin);
    }

    private static Task<AutherDevServer> StartAsync() => TestAuther.StartAsync(o => o.CorsOrigins.Add(WebOrigin));

    private static HttpRequestMessage Preflight(string path, string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    private static HttpRequestMessage TokenPost(Action<HttpRequestMessage> configure)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/oauth2/token") { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) };
        request.Headers.Add("Cookie", "better-auth.session_token=whatever");
        configure(request);
        return request;
    }

    private static HttpRequestMessage SignOut(string cookieHeader, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out");
        request.Headers.Add("Cookie", cookieHeader);
        request.Headers.Add("Origin", origin);
        return request;
    }
}
