using System.Net;
using System.Text.Json;
using Auther.Dev.Sessions;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Sessions;

/// <summary>Email sign-in, the signed session cookie, get-session's session JWT, and what ends a session.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task SignInEmail_AnswersTheRawToken_AndSetsTheSignedCookie()
    {
        await using var server = await Deployed.StartAsync();
        var user = server.CreateUser("jane@example.com", "Jane Doe", password: Deployed.Password);
        using var client = TestAuther.Client(server);

        using var request = Deployed.Request(server, HttpMethod.Post, "/api/auth/sign-in/email", null, new { email = "jane@example.com", password = Deployed.Password });
        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        body.GetProperty("user").GetProperty("id").GetString().ShouldBe(user.Id);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single();
        setCookie.ShouldStartWith($"{AutherSession.CookieName}={Uri.EscapeDataString(Deployed.Sign(token))};");
        setCookie.ShouldContain("HttpOnly");
    }

    [Fact]
    public async Task SignInEmail_WithAWrongPassword_Answers401()
    {
        await using var server = await Deployed.StartAsync();
        server.CreateUser("wrong@example.com", password: Deployed.Password);
        using var client = TestAuther.Client(server);

        var response = await client.PostAsJsonAsync("/api/auth/sign-in/email", new { email = "wrong@example.com", password = "not the password" });

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.Unauthorized, "INVALID_EMAIL_OR_PASSWORD");
    }

    [Fact]
    public async Task Password_IsStoredSaltedAndHashed_NeverInTheClear()
    {
        var state = Path.Combine(Path.GetTempPath(), $"auther-dev-{Guid.NewGuid():N}.json");
        try
        {
            await using var server = await Deployed.StartAsync(o => o.StateFile = state);
            server.CreateUser("a@example.com", password: Deployed.Password);
            server.CreateUser("b@example.com", password: Deployed.Password);

            var text = await File.ReadAllTextAsync(state);
            text.ShouldNotContain(Deployed.Password);
            var hashes = JsonDocument.Parse(text).RootElement.GetProperty("passwordHashes").EnumerateObject().Select(p => p.Value.GetString()).ToList();
            hashes.Count.ShouldBe(2);
            hashes[0].ShouldNotBe(hashes[1]);
            server.SignInWithPassword("b@example.com", Deployed.Password).UserId.ShouldBe(server.Users.Single(u => u.Email == "b@example.com").Id);
        }
        finally
        {
            File.Delete(state);
        }
    }

    [Fact]
    public async Task GetSession_WithTheSignedCookie_AnswersTheSession_AndTheSessionJwt()
    {
        await using var server = await Deployed.StartAsync();
        var user = server.CreateUser("jwt@example.com", "Jwt User", role: "admin", password: Deployed.Password);
        var session = server.SignInWithPassword(user.Email, Deployed.Password);
        using var client = TestAuther.Client(server);

        var response = await client.SendAsync(Deployed.Request(server, HttpMethod.Get, "/api/auth/get-session", session.SignedCookie, origin: false));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("session").GetProperty("token").GetString().ShouldBe(session.Token);
        body.GetProperty("user").GetProperty("email").GetString().ShouldBe(user.Email);
        var jwt = response.Headers.GetValues("set-auth-jwt").Single();
        Ed25519JwtVerifier.Verify(jwt, await client.GetStringAsync("/api/auth/jwks")).ShouldBeTrue();
        Jwt.Header(jwt).EnumerateObject().Select(p => p.Name).ShouldBe(["alg", "kid"]);
        var claims = Jwt.Payload(jwt);
        claims.GetProperty("iss").GetString().ShouldBe(server.Issuer);
        claims.GetProperty("aud").GetString().ShouldBe(server.Audience);
        claims.GetProperty("sub").GetString().ShouldBe(user.Id);
        claims.GetProperty("role").GetString().ShouldBe("admin");
        claims.GetProperty("banned").GetBoolean().ShouldBeFalse();
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).ShouldBe((long)TimeSpan.FromDays(2).TotalSeconds);
        server.GetSessionJwt(session).Split('.').Length.ShouldBe(3);
    }

    [Fact]
    public async Task GetSession_WithTheRawTokenAsCookie_AnswersNull()
    {
        await using var server = await Deployed.StartAsync();
        var session = Deployed.SignedInAdmin(server);
        using var client = TestAuther.Client(server);

        var response = await client.SendAsync(Deployed.Request(server, HttpMethod.Get, "/api/auth/get-session", session.Token, origin: false));

        (await response.Content.ReadAsStringAsync()).ShouldBe("null");
        response.Headers.Contains("set-auth-jwt").ShouldBeFalse();
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        await using var server = await Deployed.StartAsync();
        var session = Deployed.SignedInAdmin(server);

        (await Deployed.SendAsync(server, Deployed.Request(server, HttpMethod.Post, "/api/auth/sign-out", session.SignedCookie))).ShouldBe(HttpStatusCode.OK);

        server.SessionsOf(session.UserId).ShouldBeEmpty();
        Should.Throw<AutherDevException>(() => server.GetSessionJwt(session)).Status.ShouldBe(401);
    }

    [Fact]
    public async Task SignOut_FromAnUntrustedOrigin_Answers403_AndTheSessionLives()
    {
        await using var server = await Deployed.StartAsync();
        var session = Deployed.SignedInAdmin(server);
        using var request = Deployed.Request(server, HttpMethod.Post, "/api/auth/sign-out", session.SignedCookie, origin: false);
        request.Headers.Add("Origin", "https://evil.example.com");

        (await Deployed.SendAsync(server, request)).ShouldBe(HttpStatusCode.Forbidden);

        server.SessionsOf(session.UserId).Count.ShouldBe(1);
    }

    [Fact]
    public async Task ChangePassword_EndsEverySession_AndTheNewPasswordSignsIn()
    {
        await using var server = await Deployed.StartAsync();
        var session = Deployed.SignedInAdmin(server);
        var other = server.SignInWithPassword(server.FindUser(session.UserId)!.Email, Deployed.Password);
        using var client = TestAuther.Client(server);

        var response = await client.SendAsync(Deployed.Request(server, HttpMethod.Post, "/api/auth/change-password", session.SignedCookie,
            new { currentPassword = Deployed.Password, newPassword = "a brand new password" }));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var fresh = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        server.SessionsOf(session.UserId).Select(s => s.Token).ShouldBe([fresh]);
        Should.Throw<AutherDevException>(() => server.GetSessionJwt(other));
        Should.Throw<AutherDevException>(() => server.SignInWithPassword(server.FindUser(session.UserId)!.Email, Deployed.Password)).Status.ShouldBe(401);
        server.SignInWithPassword(server.FindUser(session.UserId)!.Email, "a brand new password").UserId.ShouldBe(session.UserId);
    }

    [Fact]
    public async Task SignIn_WithAnUnverifiedEmail_Answers403_InDeployedMode()
    {
        await using var server = await Deployed.StartAsync();
        server.CreateUser("unverified@example.com", emailVerified: false, password: Deployed.Password);

        Should.Throw<AutherDevException>(() => server.SignInWithPassword("unverified@example.com", Deployed.Password)).Code.ShouldBe("EMAIL_NOT_VERIFIED");
    }
}
