using System.Net;
using Auther.Dev.Oidc;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.SignInPages;

/// <summary>The sign-up page linked from the sign-in page: a new account, signed in, back to the client.</summary>
public sealed class SignUpPageTests
{
    private const string ClientId = "web";
    private const string RedirectUri = "http://localhost:5070/signin-oidc";

    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task TheSignUpLink_KeepsTheAuthorizeQuery_AndANewAccountGoesBackToTheClient(AutherMode mode)
    {
        await using var server = await StartAsync(mode);
        using var browser = new Browser(server.BaseUrl);
        var flow = new OidcFlow(ClientId, RedirectUri);
        var email = $"new-{Guid.NewGuid():N}@example.com";

        var signIn = await browser.GoAsync(flow.AuthorizePath());
        var signUp = await browser.GoAsync(Browser.Link(signIn, "sign-up"));
        var back = await browser.SubmitAsync(signUp, new Dictionary<string, string> { ["name"] = "New Person", ["email"] = email, ["password"] = "a long enough password" });

        signUp.Url.AbsolutePath.ShouldBe("/sign-up");
        flow.CodeFrom(back.LeftTo!).ShouldNotBeEmpty();
        var user = server.Users.Single(u => u.Email == email);
        user.Name.ShouldBe("New Person");
        user.EmailVerified.ShouldBeTrue();
        server.SignInWithPassword(email, "a long enough password").UserId.ShouldBe(user.Id);
    }

    [Theory]
    [InlineData("", "x@example.com", "a long enough password", "Enter your name.")]
    [InlineData("Name", "not-an-email", "a long enough password", "Enter a valid email address.")]
    [InlineData("Name", "short@example.com", "short", "The password must have 8 to 128 characters.")]
    public async Task AnInvalidForm_IsShownAgainWithTheReason_AndCreatesNoAccount(string name, string email, string password, string reason)
    {
        await using var server = await StartAsync(AutherMode.Deployed);
        using var browser = new Browser(server.BaseUrl);

        var page = await browser.SubmitAsync(await browser.GoAsync("/sign-up"), new Dictionary<string, string> { ["name"] = name, ["email"] = email, ["password"] = password });

        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Html.ShouldContain(reason);
        server.Users.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnEmailAlreadyTaken_IsRefused_WithoutTouchingThatAccount()
    {
        await using var server = await StartAsync(AutherMode.Deployed);
        var existing = server.CreateUser($"taken-{Guid.NewGuid():N}@example.com", "Owner", password: Deployed.Password);
        using var browser = new Browser(server.BaseUrl);

        var page = await browser.SubmitAsync(await browser.GoAsync("/sign-up"),
            new Dictionary<string, string> { ["name"] = "Intruder", ["email"] = existing.Email, ["password"] = "another long password" });

        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Html.ShouldContain("already exists");
        page.SetsSessionCookie.ShouldBeFalse();
        server.SignInWithPassword(existing.Email, Deployed.Password).UserId.ShouldBe(existing.Id);
    }

    private static Task<AutherDevServer> StartAsync(AutherMode mode) => Deployed.StartAsync(o =>
    {
        o.Mode = mode;
        var web = new OidcClientOptions { ClientId = ClientId };
        web.RedirectUris.Add(RedirectUri);
        o.OidcClients.Add(web);
    });
}
