using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Interop.Tests.Infrastructure;

namespace Interop.Tests.Oidc;

/// <summary>
/// The web app (BFF) against real better-auth 1.3.32's oidc provider: its code exchange as a confidential client,
/// the EdDSA id_token verified by the web app's Ed25519 code and accepted by the API, the silent renewal round trip.
/// Over HTTP with a cookie jar, the better-auth session made by its own email sign-in (what the login page's script does).
/// </summary>
public sealed class WebAppInteropTests(WebAppInteropFixture fixture) : IClassFixture<WebAppInteropFixture>
{
    [Fact]
    public async Task TheWebApp_SignsInAtBetterAuth_AndTheApiAcceptsTheIdTokenItForwards()
    {
        var (email, password, id) = await NewUserAsync();
        using var browser = Browser(out var cookies);
        await SignInAtBetterAuthAsync(browser, email, password);

        using var landed = await browser.GetAsync(new Uri(fixture.Web, "/bff/login?returnUrl=/"));
        using var me = await CallAsync(browser, "/api/me");
        var claims = await (await CallAsync(browser, "/bff/user")).Content.ReadFromJsonAsync<JsonElement>();

        landed.RequestMessage!.RequestUri!.ShouldBe(new Uri(fixture.Web, "/"), "the code exchange and the id_token check succeeded");
        cookies.GetCookies(fixture.Web)["app_web"].ShouldNotBeNull();
        me.StatusCode.ShouldBe(HttpStatusCode.OK, await me.Content.ReadAsStringAsync());
        (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("id").GetString().ShouldBe(id);
        claims.EnumerateArray().Single(c => c.GetProperty("type").GetString() == "bff:api_token").GetProperty("value").GetString()
            .ShouldBe("id_token", "better-auth's access token is opaque");
    }

    [Fact]
    public async Task WithALiveBetterAuthSession_SigningInAgain_IsSilent_AsTheIdTokenRenewalNeeds()
    {
        var (email, password, _) = await NewUserAsync();
        using var browser = Browser(out _);
        await SignInAtBetterAuthAsync(browser, email, password);
        (await browser.GetAsync(new Uri(fixture.Web, "/bff/login?returnUrl=/"))).EnsureSuccessStatusCode();

        using var renewal = await browser.GetAsync(new Uri(fixture.Web, "/bff/login?returnUrl=/index.html"));
        using var me = await CallAsync(browser, "/api/me");

        renewal.RequestMessage!.RequestUri!.ShouldBe(new Uri(fixture.Web, "/index.html"), "no sign-in page on the way");
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<(string Email, string Password, string Id)> NewUserAsync()
    {
        var email = $"bff-{Guid.NewGuid():N}@interop.test";
        var password = "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        return (email, password, await fixture.Auther.Client.SignUpAsync(email, password, "Web User"));
    }

    /// <summary>better-auth's email sign-in, as its login page's script makes it (same origin).</summary>
    private async Task SignInAtBetterAuthAsync(HttpClient browser, string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Auther.BaseUrl, "/api/auth/sign-in/email"))
        {
            Content = JsonContent.Create(new { email, password }),
        };
        request.Headers.Add("Origin", fixture.Auther.Origin);
        (await browser.SendAsync(request)).EnsureSuccessStatusCode();
    }

    private static HttpClient Browser(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true });
    }

    private Task<HttpResponseMessage> CallAsync(HttpClient browser, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Web, path));
        request.Headers.Add("X-CSRF", "1");
        return browser.SendAsync(request);
    }
}
