using System.Net;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Cli;

/// <summary><c>serve --seed</c> gives the seeded admin a password, so the app can sign in as that admin against deployed mode.</summary>
public sealed class SeedTests
{
    [Fact]
    public async Task Seed_WritesBothPasswords_AndBothUsersSignInOnTheSignInPage()
    {
        await using var serve = await ServeProcess.StartAsync(new Dictionary<string, string>());

        foreach (var (email, password) in new[] { ("ADMIN_EMAIL", "ADMIN_PASSWORD"), ("USER_EMAIL", "USER_PASSWORD") })
        {
            using var browser = new Browser(serve.BaseUrl);
            var page = await browser.SubmitAsync(await browser.GoAsync("/sign-in"),
                new Dictionary<string, string> { ["email"] = serve.Seed[email], ["password"] = serve.Seed[password] });
            page.Html.ShouldContain($"You are signed in as <b id=signed-in-as>{serve.Seed[email]}</b>");
        }
    }

    [Fact]
    public async Task Seed_WritesTheAdminPassword_AndItSignsIn()
    {
        await using var serve = await ServeProcess.StartAsync(new Dictionary<string, string>(), "--mode", "deployed");

        serve.Seed["ADMIN_PASSWORD"].Length.ShouldBeGreaterThanOrEqualTo(8);
        using var client = new HttpClient { BaseAddress = serve.BaseUrl };
        var response = await client.PostAsJsonAsync("/api/auth/sign-in/email", new { email = serve.Seed["ADMIN_EMAIL"], password = serve.Seed["ADMIN_PASSWORD"] });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
