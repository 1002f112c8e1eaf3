using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Interop.Tests.Infrastructure;

namespace Interop.Tests.Oidc;

/// <summary>
/// The local Auther's deployed mode answers the OIDC flow as real better-auth 1.3.32 does: the same discovery
/// members and supported values, the same token, refresh, userinfo and error shapes. A change on either side that
/// a client could notice fails here.
/// </summary>
public sealed class LocalAutherAgreementTests(AgreementFixture fixture) : IClassFixture<AgreementFixture>
{
    private static readonly string[] SupportedValues =
    [
        "scopes_supported", "response_types_supported", "response_modes_supported", "grant_types_supported", "acr_values_supported",
        "subject_types_supported", "id_token_signing_alg_values_supported", "token_endpoint_auth_methods_supported",
        "code_challenge_methods_supported", "claims_supported",
    ];

    [Fact]
    public async Task Discovery_AdvertisesTheSameMembers_AndTheSameSupportedValues()
    {
        var (real, local) = await BothAsync(async baseUrl =>
        {
            using var http = new HttpClient { BaseAddress = baseUrl };
            return await http.GetFromJsonAsync<JsonElement>("/api/auth/.well-known/openid-configuration");
        });

        Names(local).ShouldBe(Names(real));
        foreach (var member in SupportedValues)
        {
            local.GetProperty(member).ToString().ShouldBe(real.GetProperty(member).ToString(), member);
        }

        local.GetProperty("issuer").GetString().ShouldBe(real.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task CodeExchange_AnswersTheSameMembers_WithAnIdTokenOfTheSameHeaderAndClaims()
    {
        var email = await fixture.NewUserAsync();

        var (real, local) = await BothAsync(async baseUrl =>
        {
            using var flow = fixture.Flow(baseUrl);
            return await flow.TokensAsync(email, AgreementFixture.Password);
        });

        Names(local).ShouldBe(Names(real));
        foreach (var member in new[] { "token_type", "expires_in", "scope" })
        {
            local.GetProperty(member).ToString().ShouldBe(real.GetProperty(member).ToString(), member);
        }

        foreach (var opaque in new[] { "access_token", "refresh_token" })
        {
            local.GetProperty(opaque).GetString()!.ShouldMatch("^[A-Za-z]{32}$");
            real.GetProperty(opaque).GetString()!.ShouldMatch("^[A-Za-z]{32}$");
        }

        var (realIdToken, localIdToken) = (real.GetProperty("id_token").GetString()!, local.GetProperty("id_token").GetString()!);
        Names(Part(localIdToken, 0)).ShouldBe(Names(Part(realIdToken, 0)));
        Names(Part(localIdToken, 1)).ShouldBe(Names(Part(realIdToken, 1)));
        foreach (var claims in new[] { Part(realIdToken, 1), Part(localIdToken, 1) })
        {
            claims.GetProperty("aud").GetString().ShouldBe(InteropAuther.WebClientId);
            claims.GetProperty("iat").GetInt64().ShouldBeGreaterThan(100_000_000_000, "iat in milliseconds");
            (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64() / 1000).ShouldBeInRange(172_790, 172_800);
        }
    }

    [Fact]
    public async Task Refresh_AndUserInfo_AnswerTheSameMembers()
    {
        var email = await fixture.NewUserAsync();

        var (real, local) = await BothAsync(async baseUrl =>
        {
            using var flow = fixture.Flow(baseUrl);
            var tokens = await flow.TokensAsync(email, AgreementFixture.Password);
            using var refresh = await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
            using var again = await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
            using var userInfo = await flow.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);
            return (Refresh: await refresh.Content.ReadFromJsonAsync<JsonElement>(), Again: again.StatusCode,
                UserInfo: await userInfo.Content.ReadFromJsonAsync<JsonElement>());
        });

        Names(local.Refresh).ShouldBe(Names(real.Refresh));
        local.Refresh.GetProperty("token_type").GetString().ShouldBe(real.Refresh.GetProperty("token_type").GetString());
        local.Again.ShouldBe(real.Again, "a refresh token used once works again or not, alike");
        Names(local.UserInfo).ShouldBe(Names(real.UserInfo));
    }

    [Fact]
    public async Task AReusedCode_IsRefusedAlike()
    {
        var email = await fixture.NewUserAsync();

        var (real, local) = await BothAsync(async baseUrl =>
        {
            using var flow = fixture.Flow(baseUrl);
            (await flow.SignInAsync(email, AgreementFixture.Password)).Dispose();
            var code = await flow.CodeAsync();
            (await flow.ExchangeAsync(code)).Dispose();
            using var reused = await flow.ExchangeAsync(code);
            return (reused.StatusCode, Body: await reused.Content.ReadAsStringAsync());
        });

        local.StatusCode.ShouldBe(real.StatusCode);
        Names(JsonDocument.Parse(local.Body).RootElement).ShouldBe(Names(JsonDocument.Parse(real.Body).RootElement));
        JsonDocument.Parse(local.Body).RootElement.GetProperty("error").GetString().ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task WithoutASession_Authorize_SendsToTheLoginPageWithTheSameQuery_AndSignOutAnswersAlikeAndEndsTheSession()
    {
        var email = await fixture.NewUserAsync();

        var (real, local) = await BothAsync(async baseUrl =>
        {
            using var signedOut = fixture.Flow(baseUrl);
            using var toLogin = await signedOut.GetAsync(signedOut.AuthorizePath);
            // Another browser: better-auth resumes the authorization inside the sign-in answer of the first one.
            using var signedIn = fixture.Flow(baseUrl);
            (await signedIn.SignInAsync(email, AgreementFixture.Password)).Dispose();
            using var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out");
            signOut.Headers.Add("Origin", baseUrl.GetLeftPart(UriPartial.Authority));
            using var answer = await signedIn.SendAsync(signOut);
            using var afterwards = await signedIn.GetAsync(signedIn.AuthorizePath);
            var query = signedOut.AuthorizePath[signedOut.AuthorizePath.IndexOf('?')..];
            return (Login: toLogin.Headers.Location!.OriginalString.Replace(query, "?<query>"), SignOut: await answer.Content.ReadAsStringAsync(),
                Afterwards: afterwards.Headers.Location!.OriginalString.StartsWith("/sign-in?", StringComparison.Ordinal));
        });

        local.Login.ShouldBe(real.Login);
        local.Login.ShouldBe("/sign-in?<query>");
        local.SignOut.ShouldBe(real.SignOut);
        local.Afterwards.ShouldBeTrue("signed out, authorize asks for the login page again");
        real.Afterwards.ShouldBeTrue();
    }

    private async Task<(T Real, T Local)> BothAsync<T>(Func<Uri, Task<T>> action) =>
        (await action(fixture.Real.BaseUrl), await action(fixture.Local.BaseUrl));

    private static List<string> Names(JsonElement json) => json.EnumerateObject().Select(p => p.Name).ToList();

    private static JsonElement Part(string jwt, int index) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jwt.Split('.')[index]))).RootElement;
}
