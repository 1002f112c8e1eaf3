using System.Net;
using System.Net.Http.Json;
using App.Api.Auth;
using App.Api.ShadowUsers;
using App.Data;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Auth;

/// <summary>
/// Cut-offs that must reach every instance within seconds while tokens are still unexpired: bans, the jti
/// deny-list and per-user revocation. Two API instances share one database, as behind a load balancer.
/// </summary>
public sealed class BanAndRevocationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task BannedUser_IsRefusedWith403_OnEveryInstance_WithinSeconds()
    {
        var (userId, token, second) = await SignedInOnTwoInstancesAsync();

        await api.ChangeUserElsewhereAsync($"UPDATE users SET banned = true, ban_reason = 'spam' WHERE id = {userId}", userId);

        foreach (var instance in new[] { api.Factory, second })
        {
            var status = await Eventually.ReturnsAsync(() => StatusAsync(token, instance), s => s == HttpStatusCode.Forbidden);
            status.ShouldBe(HttpStatusCode.Forbidden);
        }

        using var response = await api.ClientWith(token).GetAsync("/api/me");
        var problem = await ProblemAssert.IsProblemAsync(response, 403);
        problem.GetProperty("code").GetString().ShouldBe("account_deactivated");
        problem.GetProperty("title").GetString().ShouldBe("Account deactivated");
        problem.GetProperty("detail").GetString().ShouldBe("This account is deactivated.");
    }

    [Fact]
    public async Task BanWithAnEnd_SaysUntilWhen()
    {
        var (userId, token, _) = await SignedInOnTwoInstancesAsync();
        var until = new DateTimeOffset(2099, 1, 2, 3, 4, 5, TimeSpan.Zero);

        await api.ChangeUserElsewhereAsync($"UPDATE users SET banned = true, ban_expires = {until} WHERE id = {userId}", userId);

        (await Eventually.ReturnsAsync(() => StatusAsync(token, api.Factory), s => s == HttpStatusCode.Forbidden)).ShouldBe(HttpStatusCode.Forbidden);
        using var response = await api.ClientWith(token).GetAsync("/api/me");
        (await ProblemAssert.IsProblemAsync(response, 403)).GetProperty("detail").GetString()
            .ShouldBe("This account is deactivated until 2099-01-02 03:04:05Z.");
    }

    [Fact]
    public async Task BanThatHasExpired_NoLongerApplies()
    {
        var (userId, token, _) = await SignedInOnTwoInstancesAsync();

        var past = DateTimeOffset.UtcNow.AddMinutes(-1);
        await api.ChangeUserElsewhereAsync($"UPDATE users SET banned = true, ban_expires = {past} WHERE id = {userId}", userId);

        (await StatusAsync(token, api.Factory)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RevokedJti_IsRefused_OnEveryInstance_WithinSeconds()
    {
        var (_, token, second) = await SignedInOnTwoInstancesAsync();
        var jti = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Id;

        using var admin = api.ClientFor(TestData.NewUserId(), Policies.TokenRevoke);
        using var revoke = await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { jti });
        revoke.StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var instance in new[] { api.Factory, second })
        {
            var status = await Eventually.ReturnsAsync(() => StatusAsync(token, instance), s => s == HttpStatusCode.Unauthorized);
            status.ShouldBe(HttpStatusCode.Unauthorized);
        }

        await using var db = api.CreateDbContext();
        (await db.AuditLogs.CountAsync(a => a.Action == "token.revoked" && a.Subject == $"jti:{jti}")).ShouldBe(1);
    }

    [Fact]
    public async Task RevokingAllOfAUsersTokens_RefusesOlderOnes_IncludingTokensWithoutJti_ButNotNewerOnes()
    {
        var userId = TestData.NewUserId();
        var older = api.TokenFor(userId, r => r with { IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        var olderWithoutJti = api.TokenFor(userId, r => r with { IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-5), OmitJti = true });
        (await StatusAsync(older, api.Factory)).ShouldBe(HttpStatusCode.OK);

        using var admin = api.ClientFor(TestData.NewUserId(), Policies.TokenRevoke);
        using var revoke = await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { userId, issuedBefore = DateTimeOffset.UtcNow.AddMinutes(-1) });
        revoke.StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Eventually.ReturnsAsync(() => StatusAsync(older, api.Factory), s => s == HttpStatusCode.Unauthorized)).ShouldBe(HttpStatusCode.Unauthorized);
        (await StatusAsync(olderWithoutJti, api.Factory)).ShouldBe(HttpStatusCode.Unauthorized);
        (await StatusAsync(api.TokenFor(userId), api.Factory)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RevokingAllOfAUsersTokens_KeepsATokenIssuedAtTheCutOffItself_AndIsAudited()
    {
        var userId = TestData.NewUserId();
        var cutoff = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds());
        var atCutoff = api.TokenFor(userId, r => r with { IssuedAt = cutoff });
        var secondBefore = api.TokenFor(userId, r => r with { IssuedAt = cutoff.AddSeconds(-1) });
        (await StatusAsync(secondBefore, api.Factory)).ShouldBe(HttpStatusCode.OK);
        using var metrics = new AuthMetricsRecorder(api.Services);

        using var admin = api.ClientFor(TestData.NewUserId(), Policies.TokenRevoke);
        using var revoke = await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { userId, issuedBefore = cutoff });
        revoke.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await revoke.JsonAsync();
        body.GetProperty("userId").GetString().ShouldBe(userId);
        body.GetProperty("issuedBefore").GetDateTimeOffset().ShouldBe(cutoff);

        // "Issued before" the cut-off: a token issued in that very second is not.
        (await Eventually.ReturnsAsync(() => StatusAsync(secondBefore, api.Factory), s => s == HttpStatusCode.Unauthorized)).ShouldBe(HttpStatusCode.Unauthorized);
        (await StatusAsync(atCutoff, api.Factory)).ShouldBe(HttpStatusCode.OK);
        metrics.Count("revoked").ShouldBeGreaterThanOrEqualTo(1);
        await using var db = api.CreateDbContext();
        (await db.AuditLogs.CountAsync(a => a.Action == "tokens.revoked_for_user" && a.Subject == $"user:{userId}")).ShouldBe(1);
    }

    [Fact]
    public async Task RevokingAllOfAUsersTokens_RefusesATokenWithoutIat()
    {
        var userId = TestData.NewUserId();
        var withoutIat = api.TokenFor(userId, r => r with { ExtraClaims = new Dictionary<string, object?> { ["iat"] = null } });
        (await StatusAsync(withoutIat, api.Factory)).ShouldBe(HttpStatusCode.OK);

        using var admin = api.ClientFor(TestData.NewUserId(), Policies.TokenRevoke);
        using var revoke = await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { userId, issuedBefore = DateTimeOffset.UtcNow.AddHours(-1) });
        revoke.StatusCode.ShouldBe(HttpStatusCode.OK);

        // Nothing says when it was issued, so nothing shows it came after the cut-off.
        (await Eventually.ReturnsAsync(() => StatusAsync(withoutIat, api.Factory), s => s == HttpStatusCode.Unauthorized)).ShouldBe(HttpStatusCode.Unauthorized);
        (await StatusAsync(api.TokenFor(userId), api.Factory)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RevokingAJtiAgain_WithAnEarlierExpiry_DoesNotShortenTheDenyListEntry_OnAnyInstance()
    {
        var (_, token, second) = await SignedInOnTwoInstancesAsync();
        var jti = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Id;
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.TokenRevoke);
        var later = DateTimeOffset.UtcNow.AddHours(1);
        using var first = await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { jti, expiresAt = later });
        first.StatusCode.ShouldBe(HttpStatusCode.OK);

        var earlier = DateTimeOffset.UtcNow.AddSeconds(3);
        using var again = await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { jti, expiresAt = earlier });
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.JsonAsync()).GetProperty("expiresAt").GetDateTimeOffset().ShouldBe(later, TimeSpan.FromSeconds(1));
        // The earlier time on the channel too, as an instance of the previous release would still announce it.
        await using (var db = api.CreateDbContext())
        {
            await db.NotifyAsync(CacheChannel.TokenRevoked(jti!, earlier));
        }

        // Notifications reach each instance in commit order: once a jti revoked after these is refused, they were applied.
        var marker = api.TokenFor(TestData.NewUserId());
        var markerJti = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(marker).Id;
        using var revokeMarker = await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { jti = markerJti });
        revokeMarker.StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var instance in new[] { api.Factory, second })
        {
            (await Eventually.ReturnsAsync(() => StatusAsync(marker, instance), s => s == HttpStatusCode.Unauthorized)).ShouldBe(HttpStatusCode.Unauthorized);
        }

        await Task.Delay(earlier.AddSeconds(1.5) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);

        (await StatusAsync(token, api.Factory)).ShouldBe(HttpStatusCode.Unauthorized);
        (await StatusAsync(token, second)).ShouldBe(HttpStatusCode.Unauthorized);
        (await api.QueryAsync(db => db.RevokedTokens.SingleAsync(t => t.Jti == jti))).ExpiresAt.ShouldBe(later, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Revocation_NeedsTheTokenRevokePermission_AndValidInput()
    {
        using var someone = api.ClientFor(TestData.NewUserId());
        using var forbidden = await someone.PostAsJsonAsync("/api/admin/tokens/revoke", new { jti = "x" });
        await ProblemAssert.IsProblemAsync(forbidden, 403);

        using var admin = api.ClientFor(TestData.NewUserId(), Policies.TokenRevoke);
        using var both = await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { jti = "x", userId = "y" });
        using var neither = await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { });
        using var malformed = await admin.PostAsync("/api/admin/tokens/revoke", new StringContent("{\"jti\":", System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(both, 400);
        await ProblemAssert.IsProblemAsync(neither, 400);
        (await ProblemAssert.IsProblemAsync(malformed, 400)).GetProperty("title").GetString().ShouldBe("Malformed JSON body");
    }

    private async Task<(string UserId, string Token, WebApplicationFactory<Program> Second)> SignedInOnTwoInstancesAsync()
    {
        var second = api.CreateInstance();
        var userId = TestData.NewUserId();
        var token = api.TokenFor(userId);
        (await StatusAsync(token, api.Factory)).ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(token, second)).ShouldBe(HttpStatusCode.OK);
        return (userId, token, second);
    }

    private async Task<HttpStatusCode> StatusAsync(string token, WebApplicationFactory<Program> instance)
    {
        using var client = api.ClientWith(token, instance);
        using var response = await client.GetAsync("/api/me");
        return response.StatusCode;
    }
}
