using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interop.Tests.Infrastructure;

namespace Interop.Tests.Oidc;

/// <summary>
/// A web app's sign-in against real better-auth's oidc provider, as a browser runs it through the login page: code
/// exchange, the id_token accepted by the API, refresh and userinfo.
/// </summary>
public sealed class CodeFlowTests(InteropFixture fixture) : IClassFixture<InteropFixture>
{
    [Fact]
    public async Task SignInThroughTheLoginPage_ThenTheCodeExchange_GivesAnIdTokenTheApiAccepts()
    {
        var user = await fixture.NewUserAsync("browser");
        using var flow = WebFlow();

        using var toLogin = await flow.GetAsync(flow.AuthorizePath);
        var loginPath = toLogin.Headers.Location!.OriginalString;
        using var loginPage = await flow.GetAsync(loginPath);
        // What the page's script does: better-auth's email sign-in by fetch(), then go where it answers.
        using var signIn = await flow.SignInAsync(user.Email, user.Password, likeFetch: true);
        var answer = await signIn.Content.ReadFromJsonAsync<JsonElement>();
        using var exchange = await flow.ExchangeAsync(flow.CodeFrom(new Uri(answer.GetProperty("url").GetString()!)));
        var tokens = await exchange.Content.ReadFromJsonAsync<JsonElement>();

        loginPath.ShouldBe("/sign-in" + flow.AuthorizePath[flow.AuthorizePath.IndexOf('?')..]);
        (await loginPage.Content.ReadAsStringAsync()).ShouldContain("<form id=\"sign-in\">");
        answer.GetProperty("redirect").GetBoolean().ShouldBeTrue();
        exchange.StatusCode.ShouldBe(HttpStatusCode.OK, tokens.ToString());
        tokens.GetProperty("access_token").GetString()!.ShouldMatch("^[A-Za-z]{32}$");
        using var me = await fixture.AppClient(tokens.GetProperty("id_token").GetString()).GetAsync("/api/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK, await me.Content.ReadAsStringAsync());
        (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("id").GetString().ShouldBe(user.Id);
        using var withAccessToken = await fixture.AppClient(tokens.GetProperty("access_token").GetString()).GetAsync("/api/me");
        withAccessToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the opaque access token is no token the API can verify");
    }

    [Fact]
    public async Task Refresh_GivesANewAccessAndRefreshToken_NoIdToken_AndUserInfoAnswersForTheNewAccessToken()
    {
        var user = await fixture.NewUserAsync("refresh");
        using var flow = WebFlow();
        var tokens = await flow.TokensAsync(user.Email, user.Password);

        using var refresh = await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        var refreshed = await refresh.Content.ReadFromJsonAsync<JsonElement>();
        using var userInfo = await flow.UserInfoAsync(refreshed.GetProperty("access_token").GetString()!);
        var claims = await userInfo.Content.ReadFromJsonAsync<JsonElement>();

        refresh.StatusCode.ShouldBe(HttpStatusCode.OK, refreshed.ToString());
        refreshed.TryGetProperty("id_token", out _).ShouldBeFalse();
        refreshed.GetProperty("access_token").GetString().ShouldNotBe(tokens.GetProperty("access_token").GetString());
        refreshed.GetProperty("refresh_token").GetString().ShouldNotBeNullOrEmpty();
        userInfo.StatusCode.ShouldBe(HttpStatusCode.OK, claims.ToString());
        claims.GetProperty("sub").GetString().ShouldBe(user.Id);
        claims.GetProperty("email").GetString().ShouldBe(user.Email);
    }

    private OAuthFlow WebFlow() => new(fixture.Auther.BaseUrl, InteropAuther.WebClientId,
        InteropAuther.ClientSecrets[InteropAuther.WebClientId], InteropAuther.RedirectUri);
}
