using System.Net;
using System.Net.Http.Json;
using App.Tests.Infrastructure;

namespace App.Tests.Sync;

/// <summary>
/// Every token deployed Auther issues reaches the app: session JWTs (iss = JWT_ISSUER, aud = the session audience,
/// a role) and each OAuth client's id_tokens (iss = Auther's base URL, aud = the client id, no role, iat in ms),
/// with nothing configured but the audiences. A role-less token takes the shadow row's role, which the poll and the
/// lookup of new users keep; a token's role gives way to a role Auther set after the token was issued.
/// </summary>
public sealed class DeployedTokenTests : IAsyncLifetime
{
    private readonly SyncFixture _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task SessionJwt_AndTwoClientsIdTokens_AreAllAccepted_ButAnotherAudienceIsNot()
    {
        var userId = TestData.NewUserId();
        _api.Auther.CreateUser($"{userId}@example.com", "Jane", userId, password: "jane-password-0123");
        var session = _api.Auther.SignInWithPassword($"{userId}@example.com", "jane-password-0123");
        var tokens = new[]
        {
            _api.Auther.GetSessionJwt(session),
            _api.Auther.IssueIdToken(userId, SyncFixture.WebClient),
            _api.Auther.IssueIdToken(userId, SyncFixture.MobileClient),
        };

        foreach (var token in tokens)
        {
            using var me = await _api.ClientWith(token).GetAsync("/api/me");
            me.StatusCode.ShouldBe(HttpStatusCode.OK, await me.Content.ReadAsStringAsync());
        }

        var stranger = _api.TokenFor(userId, r => r with { Audience = "someone-elses-client" });
        using var refused = await _api.ClientWith(stranger).GetAsync("/api/me");
        (await ProblemAssert.IsProblemAsync(refused, 401)).GetProperty("code").GetString().ShouldBe("bad_audience");
    }

    [Fact]
    public async Task AdminsIdToken_WithoutARole_PassesAnAdminOnlyPolicy_OnceThePollBringsTheRole()
    {
        var adminId = TestData.NewUserId();
        _api.Auther.CreateUser($"{adminId}@example.com", "Ada", adminId, role: "admin");
        var idToken = _api.Auther.IssueIdToken(adminId, SyncFixture.WebClient);
        var client = _api.ClientWith(idToken);

        var status = await Eventually.ReturnsAsync(async () => (await client.GetAsync("/api/admin/audit-logs")).StatusCode,
            s => s == HttpStatusCode.OK, within: TimeSpan.FromSeconds(20));

        status.ShouldBe(HttpStatusCode.OK);
        var me = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/me");
        me.GetProperty("user").GetProperty("role").GetString().ShouldBe("admin");
        me.GetProperty("principal").GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["admin"]);
    }

    [Fact]
    public async Task ATokenWithARole_NotOlderThanAuthersLastChange_KeepsItsOwnRole()
    {
        var userId = TestData.NewUserId();
        _api.Auther.CreateUser($"{userId}@example.com", "Bob", userId, role: "admin");
        var userToken = _api.TokenFor(userId, r => r with { Role = "user" });

        using var response = await _api.ClientWith(userToken).GetAsync("/api/admin/audit-logs");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    /// <summary>
    /// Seen against the real deployed Auther: <c>set-role user</c> reached the row, but the admin-era session JWT (2-day
    /// lifetime) still claimed <c>admin</c> and kept its powers. A role Auther set after the token was issued wins.
    /// </summary>
    [Fact]
    public async Task ADemotionInAuther_TakesTheAdminPowersOfTokensIssuedBeforeIt_WithinThePollInterval()
    {
        var adminId = TestData.NewUserId();
        _api.Auther.CreateUser($"{adminId}@example.com", "Ada", adminId, role: "admin");
        var adminEraToken = _api.TokenFor(adminId, r => r with { Role = "admin", IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var client = _api.ClientWith(adminEraToken);
        (await client.GetAsync("/api/admin/audit-logs")).StatusCode.ShouldBe(HttpStatusCode.OK);

        _api.Auther.Operator.SetRole(adminId, "user");

        using var refused = await Eventually.ReturnsAsync(() => client.GetAsync("/api/admin/audit-logs"),
            r => r.StatusCode == HttpStatusCode.Forbidden, within: SyncFixture.Interval + TimeSpan.FromSeconds(10));
        (await ProblemAssert.IsProblemAsync(refused, 403)).GetProperty("code").GetString().ShouldBe("missing_permission");
        var me = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/me");
        me.GetProperty("principal").GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["user"]);
    }
}
