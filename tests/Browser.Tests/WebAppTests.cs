using System.Net;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Browser.Tests;

/// <summary>
/// The web app as people use it, in a real Chromium: sign-in through the local Auther's page, the profile, an admin
/// cutting a user off from a second browser, sign-out that really ends the session, the CSRF and open-redirect
/// guards, and the one-file SPA signing in with PKCE and calling the API across origins.
/// </summary>
public sealed class WebAppTests(WebAppFixture stack, Chromium chromium, ITestOutputHelper output)
    : IClassFixture<WebAppFixture>, IClassFixture<Chromium>
{
    [Fact]
    public async Task SignIn_ThroughAuthersPage_ShowsTheProfile_WithAnHttpOnlyLaxCookie()
    {
        var user = await stack.CreateUserAsync();
        var page = await chromium.NewPageAsync();

        var elapsed = await WebPages.SignInAsync(page, stack.Web, user);

        output.WriteLine($"/bff/login to the profile page: {elapsed.TotalMilliseconds:0} ms");
        Console.WriteLine($"Browser.Tests: /bff/login to the profile page took {elapsed.TotalMilliseconds:0} ms");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "app_web");
        cookie.HttpOnly.ShouldBeTrue();
        cookie.SameSite.ShouldBe(SameSiteAttribute.Lax);
        (await page.EvaluateAsync<string>("document.cookie")).ShouldNotContain("app_web");
        await Assertions.Expect(page.Locator("#profile-method")).ToHaveTextAsync("jwt");
        await Assertions.Expect(page.Locator("#message")).ToBeHiddenAsync();
        var claims = await (await page.APIRequest.GetAsync(new Uri(stack.Web, "/bff/user").ToString())).JsonAsync();
        claims!.Value.EnumerateArray().Single(c => c.GetProperty("type").GetString() == "bff:api_token").GetProperty("value").GetString()
            .ShouldBe("access_token", "documented Auther's access token is a JWT for the API: it is what goes to the API");
    }

    [Fact]
    public async Task AnAdminDeactivatesTheUser_TheUsersNextActionSaysAccountDeactivated_AndReactivatingRestoresIt()
    {
        var user = await stack.CreateUserAsync();
        var admin = await stack.CreateUserAsync("admin");
        var userPage = await chromium.NewPageAsync();
        var adminPage = await chromium.NewPageAsync();
        await WebPages.SignInAsync(userPage, stack.Web, user);
        await WebPages.SignInAsync(adminPage, stack.Web, admin);

        await WebPages.SetUserActiveAsync(adminPage, stack.Web, user.Email, active: false, reason: "browser test");
        await userPage.Locator("#profile-reload").ClickAsync();
        await Assertions.Expect(userPage.Locator("#message")).ToContainTextAsync("Account deactivated");

        await WebPages.SetUserActiveAsync(adminPage, stack.Web, user.Email, active: true);
        await userPage.Locator("#profile-reload").ClickAsync();
        await Assertions.Expect(userPage.Locator("#message")).ToBeHiddenAsync();
        await Assertions.Expect(adminPage.Locator("#audit-rows")).ToContainTextAsync("user.reactivated");
    }

    [Fact]
    public async Task SignOut_EndsTheSessionOnEveryInstance_AndTheOldCookieReplayedIsRefused()
    {
        var user = await stack.CreateUserAsync();
        var page = await chromium.NewPageAsync();
        await WebPages.SignInAsync(page, stack.Web, user);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "app_web").Value;
        (await UserStatusAsync(stack.SecondWeb, cookie)).ShouldBe(HttpStatusCode.OK, "the second instance reads the same session");

        await page.Locator("#signout").ClickAsync();
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();

        (await page.APIRequest.GetAsync(new Uri(stack.Web, "/bff/user").ToString())).Status.ShouldBe(401);
        (await UserStatusAsync(stack.Web, cookie)).ShouldBe(HttpStatusCode.Unauthorized);
        (await UserStatusAsync(stack.SecondWeb, cookie)).ShouldBe(HttpStatusCode.Unauthorized);
        (await UserStatusAsync(stack.Web, cookie, "/api/me")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AProxiedPostWithoutTheCsrfHeader_IsRefused_AndAnOffSiteReturnUrlDoesNotLeaveTheSite()
    {
        var user = await stack.CreateUserAsync();
        var page = await chromium.NewPageAsync();
        await WebPages.SignInAsync(page, stack.Web, user);
        var slug = $"csrf-{Guid.NewGuid():N}"[..20];
        var body = $$"""{"slug":"{{slug}}","name":"Forged"}""";

        (await WebPages.FetchStatusAsync(page, "POST", "/api/orgs", withCsrfHeader: false, body)).ShouldBe(401);
        (await WebPages.FetchStatusAsync(page, "GET", $"/api/orgs/{slug}", withCsrfHeader: true)).ShouldBe(404, "the refused POST created nothing");
        (await WebPages.FetchStatusAsync(page, "POST", "/api/orgs", withCsrfHeader: true, body)).ShouldBe(201);

        var response = await page.GotoAsync(new Uri(stack.Web, "/bff/login?returnUrl=https://elsewhere.example").ToString());
        response!.Status.ShouldBe(400);
        new Uri(page.Url).Authority.ShouldBe(stack.Web.Authority);
    }

    [Fact]
    public async Task TheSpa_SignsInWithPkce_AndCallsTheApiAcrossOrigins()
    {
        var user = await stack.CreateUserAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(stack.Spa.ToString());

        await page.Locator("#signin").ClickAsync();
        await WebPages.FillSignInFormAsync(page, user);

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync($"Signed in as {user.Email}");
        new Uri(page.Url).Authority.ShouldBe(stack.Spa.Authority);
    }

    private static async Task<HttpStatusCode> UserStatusAsync(Uri web, string cookie, string path = "/bff/user")
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = web };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", $"app_web={cookie}");
        request.Headers.Add("X-CSRF", "1");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
