using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Api.Auth;
using App.Api.ShadowUsers;
using App.Data;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.ShadowUsers;

/// <summary>
/// What the identity middleware decides for every authenticated request, seen through <c>/api/me</c>: a deleted
/// account is refused, the caller is marked as seen, the role it acts with follows the newer statement, and
/// each refusal is counted under its reason.
/// </summary>
public sealed class IdentityMiddlewareTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task DeletedAccount_IsRefusedWith401_AndCounted()
    {
        var userId = TestData.NewUserId();
        var token = api.TokenFor(userId);
        (await StatusAsync(token)).ShouldBe(HttpStatusCode.OK);
        using var metrics = new AuthMetricsRecorder(api.Services);

        await api.ChangeUserElsewhereAsync($"UPDATE users SET missing_since = now() WHERE id = {userId}", userId);

        (await Eventually.ReturnsAsync(() => StatusAsync(token), s => s == HttpStatusCode.Unauthorized)).ShouldBe(HttpStatusCode.Unauthorized);
        using var response = await api.ClientWith(token).GetAsync("/api/me");
        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("account_deleted");
        metrics.Count("account_deleted").ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task RevokedJti_IsCountedAsRevoked()
    {
        var token = api.TokenFor(TestData.NewUserId());
        var jti = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Id;
        using var metrics = new AuthMetricsRecorder(api.Services);

        using var admin = api.ClientFor(TestData.NewUserId(), Policies.TokenRevoke);
        (await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { jti })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Eventually.ReturnsAsync(() => StatusAsync(token), s => s == HttpStatusCode.Unauthorized)).ShouldBe(HttpStatusCode.Unauthorized);
        metrics.Count("revoked").ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task EveryAuthenticatedRequest_IsCountedByMethod()
    {
        using var metrics = new AuthMetricsRecorder(api.Services);
        var token = api.TokenFor(TestData.NewUserId());

        (await StatusAsync(token)).ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(token)).ShouldBe(HttpStatusCode.OK);

        metrics.Requests("jwt").ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task FirstRequest_MarksTheUserAsSeen()
    {
        var userId = TestData.NewUserId();

        (await StatusAsync(api.TokenFor(userId))).ShouldBe(HttpStatusCode.OK);

        var row = await Eventually.ReturnsAsync(() => api.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == userId)),
            u => u.LastSeenAt is not null);
        row.LastSeenAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task ATokenOlderThanTheRowsRole_ActsWithTheRowsRole_ANewerOneWithItsOwn()
    {
        var userId = TestData.NewUserId();
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        (await StatusAsync(api.TokenFor(userId, r => r with { Role = "role-claim", IssuedAt = now.AddMinutes(-10) }))).ShouldBe(HttpStatusCode.OK);
        var setAt = now.AddMinutes(-5);

        await api.ChangeUserElsewhereAsync($"UPDATE users SET role = 'role-row', role_set_at = {setAt} WHERE id = {userId}", userId);

        (await Eventually.ReturnsAsync(() => RolesAsync(userId, now.AddMinutes(-7)), r => r == "role-row")).ShouldBe("role-row");
        (await RolesAsync(userId, now.AddMinutes(-1))).ShouldBe("role-claim");
        // A token claiming the row's own role needs no change either way.
        await api.ChangeUserElsewhereAsync($"UPDATE users SET role = 'role-claim', role_set_at = {setAt} WHERE id = {userId}", userId);
        (await Eventually.ReturnsAsync(() => RolesAsync(userId, now.AddMinutes(-7)), r => r == "role-claim")).ShouldBe("role-claim");
    }

    private async Task<string> RolesAsync(string userId, DateTimeOffset issuedAt)
    {
        using var client = api.ClientWith(api.TokenFor(userId, r => r with { Role = "role-claim", IssuedAt = issuedAt }));
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        return string.Join(',', me.GetProperty("principal").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    private async Task<HttpStatusCode> StatusAsync(string token)
    {
        using var client = api.ClientWith(token);
        using var response = await client.GetAsync("/api/me");
        return response.StatusCode;
    }
}
