using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Oidc;

/// <summary><c>/oauth2/userinfo</c> with the access token the code flow issued.</summary>
public sealed class UserInfoTests
{
    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task AnswersTheUser_WithTheClaimsItsScopesAllow(AutherMode mode)
    {
        await using var server = await OidcAuther.StartAsync(mode);
        using var client = OidcFlow.NoRedirects(server);
        var session = OidcAuther.SignedIn(server);
        var all = await OidcAuther.TokensAsync(client, session);
        var emailOnly = await OidcAuther.TokensAsync(client, session, OidcAuther.Flow("openid email"));

        var full = await UserInfoAsync(client, all.GetProperty("access_token").GetString()!);
        var narrow = await UserInfoAsync(client, emailOnly.GetProperty("access_token").GetString()!);

        full.EnumerateObject().Select(p => p.Name).ShouldBe(["sub", "email", "name", "given_name", "family_name", "email_verified"]);
        full.GetProperty("sub").GetString().ShouldBe(session.UserId);
        full.GetProperty("family_name").GetString().ShouldBe("Lee");
        narrow.EnumerateObject().Select(p => p.Name).ShouldBe(["sub", "email", "email_verified"]);
    }

    [Theory]
    [InlineData(null, "invalid_request")]
    [InlineData("Bearer not-a-token-it-issued", "invalid_token")]
    public async Task WithoutAnAccessTokenItIssued_Answers401(string? authorization, string error)
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Deployed);
        using var client = OidcFlow.NoRedirects(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/oauth2/userinfo");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);

        await OidcAuther.OAuthErrorAsync(response, HttpStatusCode.Unauthorized, error);
    }

    internal static async Task<JsonElement> UserInfoAsync(HttpClient client, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/oauth2/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
