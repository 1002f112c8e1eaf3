using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Browser.Tests;

/// <summary>
/// Documented Auther, access tokens living 8 s (<see cref="ShortTokenWebAppFixture"/>): the web app renews the
/// session's access token with the refresh token on the server, so calls go on after the first token expired; when
/// Auther refuses the refresh, the proxied call answers 401 once the token has expired, and the page asks the person
/// to sign in again.
/// </summary>
public sealed class WebTokenRefreshTests(ShortTokenWebAppFixture stack, Chromium chromium)
    : IClassFixture<ShortTokenWebAppFixture>, IClassFixture<Chromium>
{
    private const string TokenPath = "/api/auth/oauth2/token";

    // The web app stops forwarding a token 5 s before it expires: this long after sign-in, the first one is done.
    private static readonly TimeSpan FirstTokenUnusable = ShortTokenWebAppFixture.TokenLifetime - TimeSpan.FromSeconds(5) + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task AnAccessTokenNearExpiry_IsRenewedOnTheServerWithTheRefreshToken_AndCallsGoOnAfterItExpired()
    {
        var user = await stack.CreateUserAsync();
        using var browser = new HttpSignIn();
        await browser.SignInAsync(stack, user, stack.Web);
        var signedIn = DateTime.UtcNow;
        var tokenCalls = stack.Auther.RequestCount(TokenPath);
        var claims = await (await browser.GetAsync(stack.Web, "/bff/user")).Content.ReadFromJsonAsync<JsonElement>();

        await WaitUntilAsync(signedIn + FirstTokenUnusable);
        using var me = await browser.GetAsync(stack.Web, "/api/me");

        me.StatusCode.ShouldBe(HttpStatusCode.OK, "the first access token has expired: only a renewed one gets through");
        (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("email").GetString().ShouldBe(user.Email);
        stack.Auther.RequestCount(TokenPath).ShouldBeGreaterThan(tokenCalls, "the renewal went to Auther's token endpoint (the refresh_token grant)");
        claims.EnumerateArray().ShouldNotContain(c => c.GetProperty("type").GetString() == "bff:renew_in",
            "the server renews this session itself: the page has no round trip to make");
    }

    [Fact]
    public async Task WhenAutherRefusesTheRefresh_TheProxiedCallAnswers401OnceTheTokenExpired_AndThePageAsksToSignInAgain()
    {
        var user = await stack.CreateUserAsync();
        var page = await chromium.NewPageAsync();
        await WebPages.SignInAsync(page, stack.Web, user);
        var signedIn = DateTime.UtcNow;
        stack.Auther.AnswerWith(TokenPath, 400, "application/json", """{"error":"invalid_grant","error_description":"invalid refresh token"}""");
        try
        {
            await WaitUntilAsync(signedIn + FirstTokenUnusable);
            var answer = page.WaitForResponseAsync(r => new Uri(r.Url).AbsolutePath == "/api/me");
            var signInAgain = page.WaitForRequestAsync(r => new Uri(r.Url).AbsolutePath == "/bff/login");

            await page.Locator("#profile-reload").ClickAsync();

            var response = await answer;
            response.Status.ShouldBe(401);
            (await response.JsonAsync())!.Value.GetProperty("code").GetString().ShouldBe("session_expired");
            await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Signed out: sign in again.");
            await signInAgain;
        }
        finally
        {
            stack.Auther.ClearAnswer(TokenPath);
        }
    }

    private static Task WaitUntilAsync(DateTime moment)
    {
        var left = moment - DateTime.UtcNow;
        return left > TimeSpan.Zero ? Task.Delay(left) : Task.CompletedTask;
    }
}
