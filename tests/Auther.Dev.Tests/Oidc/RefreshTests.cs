using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Oidc;

/// <summary>The refresh_token grant: deployed as better-auth runs it (no id_token, no rotation, no secret), documented as the guide's.</summary>
public sealed class RefreshTests
{
    [Fact]
    public async Task Deployed_GivesANewAccessAndRefreshToken_NoIdToken_AndTheOldRefreshTokenStillWorks()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Deployed);
        using var client = OidcFlow.NoRedirects(server);
        var flow = OidcAuther.Flow();
        var first = await OidcAuther.TokensAsync(client, OidcAuther.SignedIn(server), flow);
        var refreshToken = first.GetProperty("refresh_token").GetString()!;

        using var refreshed = await flow.RefreshAsync(client, refreshToken);
        using var again = await flow.RefreshAsync(client, refreshToken);

        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK, await refreshed.Content.ReadAsStringAsync());
        var body = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["access_token", "token_type", "expires_in", "refresh_token", "scope"]);
        body.GetProperty("token_type").GetString().ShouldBe("bearer");
        body.GetProperty("access_token").GetString().ShouldNotBe(first.GetProperty("access_token").GetString());
        body.GetProperty("refresh_token").GetString().ShouldNotBe(refreshToken);
        again.StatusCode.ShouldBe(HttpStatusCode.OK, "better-auth does not rotate refresh tokens");
    }

    [Fact]
    public async Task Documented_RotatesTheRefreshToken_AndBringsANewIdTokenAndAccessJwt()
    {
        await using var server = await OidcAuther.StartAsync(AutherMode.Documented);
        using var client = OidcFlow.NoRedirects(server);
        var flow = OidcAuther.Flow();
        var first = await OidcAuther.TokensAsync(client, OidcAuther.SignedIn(server), flow);
        var refreshToken = first.GetProperty("refresh_token").GetString()!;

        using var refreshed = await flow.RefreshAsync(client, refreshToken, OidcAuther.WebSecret);
        using var replayed = await flow.RefreshAsync(client, refreshToken, OidcAuther.WebSecret);

        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK, await refreshed.Content.ReadAsStringAsync());
        var body = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        Jwt.Payload(body.GetProperty("access_token").GetString()!).GetProperty("aud").GetString().ShouldBe(server.Audience);
        Jwt.Payload(body.GetProperty("id_token").GetString()!).GetProperty("aud").GetString().ShouldBe(OidcAuther.WebClient);
        body.GetProperty("refresh_token").GetString().ShouldNotBe(refreshToken);
        await OidcAuther.OAuthErrorAsync(replayed, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Theory]
    [InlineData(AutherMode.Documented, HttpStatusCode.Unauthorized)]
    [InlineData(AutherMode.Deployed, HttpStatusCode.OK)]
    public async Task TheClientSecret_IsCheckedOnRefresh_OnlyInDocumentedMode(AutherMode mode, HttpStatusCode withoutSecret)
    {
        await using var server = await OidcAuther.StartAsync(mode);
        using var client = OidcFlow.NoRedirects(server);
        var flow = OidcAuther.Flow();
        var tokens = await OidcAuther.TokensAsync(client, OidcAuther.SignedIn(server), flow);

        using var response = await flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!);

        response.StatusCode.ShouldBe(withoutSecret, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task ARefreshTokenOfAnotherClient_IsInvalidClient(AutherMode mode)
    {
        await using var server = await OidcAuther.StartAsync(mode, o =>
        {
            var other = new Auther.Dev.Oidc.OidcClientOptions { ClientId = "other" };
            other.RedirectUris.Add(OidcAuther.RedirectUri);
            o.OidcClients.Add(other);
        });
        using var client = OidcFlow.NoRedirects(server);
        var tokens = await OidcAuther.TokensAsync(client, OidcAuther.SignedIn(server));

        using var response = await OidcAuther.Flow().RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!, asClient: "other");

        await OidcAuther.OAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Theory]
    [InlineData(AutherMode.Documented, HttpStatusCode.BadRequest)]
    [InlineData(AutherMode.Deployed, HttpStatusCode.OK)]
    public async Task ABannedUsersRefreshToken_IsRefused_OnlyInDocumentedMode(AutherMode mode, HttpStatusCode status)
    {
        await using var server = await OidcAuther.StartAsync(mode);
        using var client = OidcFlow.NoRedirects(server);
        var session = OidcAuther.SignedIn(server);
        var flow = OidcAuther.Flow();
        var tokens = await OidcAuther.TokensAsync(client, session, flow);
        server.Ban(session.UserId, "fraud");

        using var response = await flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!, OidcAuther.WebSecret);

        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(AutherMode.Documented)]
    [InlineData(AutherMode.Deployed)]
    public async Task ARemovedUsersRefreshToken_IsInvalidGrant(AutherMode mode)
    {
        await using var server = await OidcAuther.StartAsync(mode);
        using var client = OidcFlow.NoRedirects(server);
        var session = OidcAuther.SignedIn(server);
        var flow = OidcAuther.Flow();
        var tokens = await OidcAuther.TokensAsync(client, session, flow);
        server.Remove(session.UserId);

        using var response = await flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!, OidcAuther.WebSecret);

        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("invalid_grant");
    }
}
