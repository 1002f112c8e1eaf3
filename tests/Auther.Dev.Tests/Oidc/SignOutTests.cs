using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Oidc;

/// <summary>Signing out of Auther (<c>POST /api/auth/sign-out</c>): the session ends, the OAuth tokens do not.</summary>
public sealed class SignOutTests
{
    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task SignOut_EndsTheSession_SoAuthorizeAsksForTheLoginPageAgain(AutherMode mode)
    {
        await using var server = await OidcAuther.StartAsync(mode, o => o.CorsOrigins.Add("http://localhost:5070"));
        using var client = OidcFlow.NoRedirects(server);
        var session = OidcAuther.SignedIn(server);

        using var signOut = await SignOutAsync(client, session.CookieHeader);
        using var authorize = new HttpRequestMessage(HttpMethod.Get, OidcAuther.Flow().AuthorizePath());
        authorize.Headers.Add("Cookie", session.CookieHeader);
        using var afterwards = await client.SendAsync(authorize);

        signOut.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await signOut.Content.ReadAsStringAsync()).ShouldBe("""{"success":true}""");
        signOut.Headers.GetValues("Set-Cookie").Single().ShouldContain("Max-Age=0");
        afterwards.Headers.Location!.ToString().ShouldStartWith("/sign-in?");
        server.SessionsOf(session.UserId).ShouldBeEmpty();
    }

    [Fact]
    public async Task Deployed_TheAccessAndRefreshTokens_SurviveSignOut()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Deployed, o => o.CorsOrigins.Add("http://localhost:5070"));
        using var client = OidcFlow.NoRedirects(server);
        var session = OidcAuther.SignedIn(server);
        var flow = OidcAuther.Flow();
        var tokens = await OidcAuther.TokensAsync(client, session, flow);

        using var signOut = await SignOutAsync(client, session.CookieHeader);
        var userInfo = await UserInfoTests.UserInfoAsync(client, tokens.GetProperty("access_token").GetString()!);
        using var refreshed = await flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!);

        signOut.StatusCode.ShouldBe(HttpStatusCode.OK);
        userInfo.GetProperty("sub").GetString().ShouldBe(session.UserId);
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static Task<HttpResponseMessage> SignOutAsync(HttpClient client, string cookieHeader)
    {
        // As a web app's page does it: a POST from its own (configured) origin, with Auther's cookie.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out");
        request.Headers.Add("Cookie", cookieHeader);
        request.Headers.Add("Origin", "http://localhost:5070");
        return client.SendAsync(request);
    }
}
