using System.Net;
using Auther.Dev.Oidc;
using Auther.Dev.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Auther.Dev.Tests.Oidc;

/// <summary>What <c>/oauth2/authorize</c> does with each kind of request, before any code is issued.</summary>
public sealed class AuthorizeTests
{
    [Fact]
    public async Task WithoutASession_RedirectsToTheLoginPage_WithTheSameQuery()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Deployed);
        using var client = OidcFlow.NoRedirects(server);
        var path = OidcAuther.Flow().AuthorizePath();

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/sign-in" + path[path.IndexOf('?')..]);
    }

    [Theory]
    [InlineData("code_challenge", null, "invalid_request")]
    [InlineData("code_challenge_method", "plain", "invalid_request")]
    [InlineData("scope", "openid admin", "invalid_scope")]
    [InlineData("response_type", "token", "unsupported_response_type")]
    public async Task ARequestItCannotHonour_GoesBackToTheClient_WithTheError(string parameter, string? value, string error)
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Deployed);
        var flow = OidcAuther.Flow();

        using var response = await AuthorizeAsync(server, flow.AuthorizePath(new Dictionary<string, string?> { [parameter] = value }));

        response.Headers.Location!.GetLeftPart(UriPartial.Path).ShouldBe(OidcAuther.RedirectUri);
        var query = QueryHelpers.ParseQuery(response.Headers.Location.Query);
        query["error"].ToString().ShouldBe(error);
        query["state"].ToString().ShouldBe(flow.State);
    }

    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task ARedirectUriTheClientDidNotRegister_IsRefusedWithoutRedirecting(AutherMode mode)
    {
        await using var server = await OidcAuther.StartAsync(mode);
        var path = new OidcFlow(OidcAuther.WebClient, "https://evil.example/cb").AuthorizePath();

        using var response = await AuthorizeAsync(server, path);

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.BadRequest, "INVALID_REDIRECT_URI");
        response.Headers.Location.ShouldBeNull();
    }

    [Fact]
    public async Task AnUnknownClient_IsSentToTheErrorPage()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Deployed);

        using var response = await AuthorizeAsync(server, new OidcFlow("nobody", OidcAuther.RedirectUri).AuthorizePath());
        using var client = OidcFlow.NoRedirects(server);
        var page = await client.GetStringAsync(response.Headers.Location!.OriginalString);

        response.Headers.Location!.OriginalString.ShouldStartWith("/api/auth/error?");
        page.ShouldContain("<code id=error>invalid_client</code>");
    }

    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task AnUntrustedClient_FailsAfterSignIn_ForWantOfAConsentPage(AutherMode mode)
    {
        await using var server = await OidcAuther.StartAsync(mode, o =>
        {
            var mobile = new OidcClientOptions { ClientId = "mobile", Trusted = false };
            mobile.RedirectUris.Add("com.example.app://callback");
            o.OidcClients.Add(mobile);
        });

        using var response = await AuthorizeAsync(server, new OidcFlow("mobile", "com.example.app://callback").AuthorizePath());

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.InternalServerError, "NO_CONSENT_PAGE_PROVIDED");
    }

    private static async Task<HttpResponseMessage> AuthorizeAsync(AutherDevServer server, string path)
    {
        using var client = OidcFlow.NoRedirects(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", OidcAuther.SignedIn(server).CookieHeader);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
