using System.Net;
using System.Text.Json;
using Auther.Dev.Oidc;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.SignInPages;

/// <summary>The login page authorize sends a browser to: sign in or sign up, then back to the client with a code.</summary>
public sealed class SignInPageTests
{
    private const string ClientId = "web";
    private const string RedirectUri = "http://localhost:5070/signin-oidc";

    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task Authorize_WithoutASession_ShowsTheForm_AndSigningInReturnsToTheClient_WithCodeAndState(AutherMode mode)
    {
        await using var server = await StartAsync(mode);
        var email = NewUser(server);
        using var browser = new Browser(server.BaseUrl);
        var flow = new OidcFlow(ClientId, RedirectUri);

        var form = await browser.GoAsync(flow.AuthorizePath());
        var back = await browser.SubmitAsync(form, Credentials(email, Deployed.Password));

        form.Status.ShouldBe(HttpStatusCode.OK);
        form.Url.AbsolutePath.ShouldBe("/sign-in");
        form.Html.ShouldContain("to continue to <b>web</b>");
        back.SetsSessionCookie.ShouldBeTrue();
        using var client = OidcFlow.NoRedirects(server);
        using var tokens = await flow.ExchangeAsync(client, flow.CodeFrom(back.LeftTo!));
        tokens.StatusCode.ShouldBe(HttpStatusCode.OK, await tokens.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task AWrongPassword_ShowsAnError_KeepsTheEmail_AndSignsNobodyIn(AutherMode mode)
    {
        await using var server = await StartAsync(mode);
        var email = NewUser(server);
        using var browser = new Browser(server.BaseUrl);
        var form = await browser.GoAsync(new OidcFlow(ClientId, RedirectUri).AuthorizePath());

        var page = await browser.SubmitAsync(form, Credentials(email, "not the password"));

        page.Status.ShouldBe(HttpStatusCode.Unauthorized);
        page.LeftTo.ShouldBeNull();
        page.Html.ShouldContain("Invalid email or password.");
        page.Html.ShouldContain($"value=\"{email}\"");
        page.SetsSessionCookie.ShouldBeFalse();
    }

    [Fact]
    public async Task ABannedUser_IsToldSo_AndNotSignedIn()
    {
        await using var server = await StartAsync(AutherMode.Deployed);
        var email = NewUser(server);
        server.Ban(server.Users.Single(u => u.Email == email).Id, "fraud");
        using var browser = new Browser(server.BaseUrl);

        var page = await browser.SubmitAsync(await browser.GoAsync("/sign-in"), Credentials(email, Deployed.Password));

        page.Status.ShouldBe(HttpStatusCode.Forbidden);
        page.Html.ShouldContain("banned");
        page.SetsSessionCookie.ShouldBeFalse();
    }

    [Fact]
    public async Task WithALiveSession_AuthorizeIsSilent()
    {
        await using var server = await StartAsync(AutherMode.Deployed);
        var email = NewUser(server);
        using var browser = new Browser(server.BaseUrl);
        await browser.SubmitAsync(await browser.GoAsync(new OidcFlow(ClientId, RedirectUri).AuthorizePath()), Credentials(email, Deployed.Password));
        var again = new OidcFlow(ClientId, RedirectUri);

        var back = await browser.GoAsync(again.AuthorizePath());

        back.LeftTo.ShouldNotBeNull();
        again.CodeFrom(back.LeftTo).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task AFormPostedWithoutItsAntiforgeryToken_IsRefused_AndSignsNobodyIn()
    {
        await using var server = await StartAsync(AutherMode.Deployed);
        var email = NewUser(server);
        using var browser = new Browser(server.BaseUrl);
        var form = await browser.GoAsync(new OidcFlow(ClientId, RedirectUri).AuthorizePath());

        var page = await browser.SubmitAsync(form, Credentials(email, Deployed.Password), withHiddenFields: false);

        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Html.ShouldContain("This form has expired");
        page.SetsSessionCookie.ShouldBeFalse();
    }

    [Theory]
    [InlineData("/sign-in?client_id=web&redirect_uri=https%3A%2F%2Fevil.example%2Fcb")]
    [InlineData("/sign-in?client_id=unknown&redirect_uri=https%3A%2F%2Fevil.example%2Fcb")]
    [InlineData("/sign-in?redirect_uri=https%3A%2F%2Fevil.example%2Fcb&callbackURL=https%3A%2F%2Fevil.example")]
    public async Task SigningIn_WithAQueryThatIsNoRegisteredClientsFlow_StaysOnTheAuther(string url)
    {
        await using var server = await StartAsync(AutherMode.Deployed);
        var email = NewUser(server);
        using var browser = new Browser(server.BaseUrl);

        var page = await browser.SubmitAsync(await browser.GoAsync(url), Credentials(email, Deployed.Password));

        page.LeftTo.ShouldBeNull();
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Html.ShouldContain($"You are signed in as <b id=signed-in-as>{email}</b>");
    }

    [Fact]
    public async Task WhatTheRequestCarries_IsHtmlEncodedOnThePage()
    {
        await using var server = await StartAsync(AutherMode.Deployed);
        using var browser = new Browser(server.BaseUrl);
        const string Script = "\"><script>alert(1)</script>";

        var form = await browser.GoAsync($"/sign-in?state={Uri.EscapeDataString(Script)}");
        var page = await browser.SubmitAsync(form, Credentials(Script + "@example.com", "whatever-password"));

        foreach (var html in new[] { form.Html, page.Html })
        {
            html.ShouldNotContain("<script>");
        }

        page.Html.ShouldContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@example.com");
    }

    private static Task<AutherDevServer> StartAsync(AutherMode mode) => Deployed.StartAsync(o =>
    {
        o.Mode = mode;
        var web = new OidcClientOptions { ClientId = ClientId };
        web.RedirectUris.Add(RedirectUri);
        o.OidcClients.Add(web);
    });

    private static string NewUser(AutherDevServer server) =>
        server.CreateUser($"page-{Guid.NewGuid():N}@example.com", "Page User", password: Deployed.Password).Email;

    private static Dictionary<string, string> Credentials(string email, string password) => new() { ["email"] = email, ["password"] = password };
}
