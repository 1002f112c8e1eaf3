using Microsoft.Playwright;

namespace Browser.Tests;

/// <summary>
/// Deployed Auther, whose refresh gives no id_token, with id_tokens living 15 s (<see cref="ShortIdTokenWebAppFixture"/>):
/// the page renews the session's id_token itself by a silent sign-in round trip, so an action after the id_token
/// really expired still works, without a refused call and without the sign-in form.
/// </summary>
public sealed class WebIdTokenRenewalTests(ShortIdTokenWebAppFixture stack, Chromium chromium)
    : IClassFixture<ShortIdTokenWebAppFixture>, IClassFixture<Chromium>
{
    [Fact]
    public async Task AfterTheIdTokenExpired_ThePagesNextAction_RenewsItSilently_AndSucceeds()
    {
        var user = await stack.CreateUserAsync();
        var page = await chromium.NewPageAsync();
        await WebPages.SignInAsync(page, stack.Web, user);
        var signedIn = DateTime.UtcNow;
        var refused = new List<string>();
        var visited = new List<string>();
        var renewed = false;
        page.Request += (_, request) => renewed |= new Uri(request.Url).AbsolutePath == "/bff/login";
        page.FrameNavigated += (_, frame) => visited.Add(frame.Url);
        page.Response += (_, response) =>
        {
            if (response.Status == 401 && new Uri(response.Url).AbsolutePath.StartsWith("/api/", StringComparison.Ordinal))
            {
                refused.Add(response.Url);
            }
        };

        await WaitUntilAsync(signedIn + ShortIdTokenWebAppFixture.TokenLifetime + TimeSpan.FromSeconds(1));
        var meAfterRenewal = page.WaitForResponseAsync(r => renewed && new Uri(r.Url).AbsolutePath == "/api/me");
        await page.Locator("#profile-reload").ClickAsync();

        (await meAfterRenewal).Status.ShouldBe(200);
        await Assertions.Expect(page.Locator("#profile-email")).ToHaveTextAsync(user.Email);
        await Assertions.Expect(page.Locator("#message")).ToBeHiddenAsync();
        refused.ShouldBeEmpty("the page renewed before calling: no call went out with the expired id_token");
        visited.ShouldNotContain(url => url.Contains("/sign-in", StringComparison.Ordinal), "the Auther session was alive: no sign-in form on the way");
    }

    private static Task WaitUntilAsync(DateTime moment)
    {
        var left = moment - DateTime.UtcNow;
        return left > TimeSpan.Zero ? Task.Delay(left) : Task.CompletedTask;
    }
}
