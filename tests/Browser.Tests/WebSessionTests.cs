using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.AutherKeys;
using Auther.Dev.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace Browser.Tests;

/// <summary>
/// Against the local Auther in deployed mode (opaque access token, EdDSA id_token with the base URL as issuer,
/// refresh without an id_token): the web app signs in, forwards the id_token, and survives a key rotation.
/// Over HTTP: what is checked here is what the server stores and forwards, not what a page shows.
/// </summary>
public sealed class WebSessionTests(DeployedWebAppFixture stack) : IClassFixture<DeployedWebAppFixture>
{
    [Fact]
    public async Task AgainstDeployedAuther_TheWebAppForwardsTheIdToken_AndTheApiAcceptsIt()
    {
        var user = await stack.CreateUserAsync();
        using var browser = new HttpSignIn();

        var landed = await browser.SignInAsync(stack, user, stack.Web);
        using var me = await browser.GetAsync(stack.Web, "/api/me");
        var claims = await (await browser.GetAsync(stack.Web, "/bff/user")).Content.ReadFromJsonAsync<JsonElement>();

        landed.AbsolutePath.ShouldBe("/");
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("email").GetString().ShouldBe(user.Email);
        Claim(claims, "bff:api_token").ShouldBe("id_token");
        Claim(claims, "email").ShouldBe(user.Email);
    }

    [Fact]
    public async Task AfterAutherRotatesItsKey_TheNextSignInSucceeds_TheWebAppFetchingTheNewKeyAtOnce()
    {
        using (var first = new HttpSignIn())
        {
            (await first.SignInAsync(stack, await stack.CreateUserAsync(), stack.Web)).Query.ShouldNotContain("signin_error");
        }

        var configuration = stack.WebServices.GetRequiredService<AutherOidcConfiguration>();
        var rotated = stack.Auther.RotateKey(KeyAlgorithm.EdDSA);
        configuration.KeyIds.ShouldNotContain(rotated.Kid, "the web app has not seen the new key yet");
        using var second = new HttpSignIn();

        var landed = await second.SignInAsync(stack, await stack.CreateUserAsync(), stack.Web);

        landed.Query.ShouldNotContain("signin_error");
        (await second.GetAsync(stack.Web, "/bff/user")).StatusCode.ShouldBe(HttpStatusCode.OK);
        configuration.KeyIds.ShouldContain(rotated.Kid);
    }

    private static string? Claim(JsonElement claims, string type) =>
        claims.EnumerateArray().FirstOrDefault(c => c.GetProperty("type").GetString() == type) is { ValueKind: JsonValueKind.Object } claim
            ? claim.GetProperty("value").GetString()
            : null;
}
