using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Api.Auth;
using App.Api.ShadowUsers;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Features.Users;

/// <summary>Deactivation is Auther's ban, behind the unchanged <c>user:deactivate</c> guard.</summary>
public sealed class UserDeactivationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Deactivate_BansInAuther_CutsTheUserOffAtOnce_AndAuditsActorImpersonatorTargetAndReason()
    {
        var (targetId, targetToken) = await SignedInAutherUserAsync();
        var adminId = TestData.NewUserId();
        using var admin = api.ClientWith(api.TokenFor(adminId, r => r with
        {
            Permissions = ApiFixture.PermissionMap(Policies.UserDeactivate),
            Impersonator = "support_1",
        }));

        using var response = await admin.PostAsJsonAsync($"/api/users/{targetId}/deactivate", new { reason = "chargeback fraud" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        api.Auther.FindUser(targetId)!.Banned.ShouldBeTrue();
        using var cutOff = await api.ClientWith(targetToken).GetAsync("/api/me");
        (await ProblemAssert.IsProblemAsync(cutOff, 403)).GetProperty("code").GetString().ShouldBe("account_deactivated");

        await using var db = api.CreateDbContext();
        var audit = await db.AuditLogs.SingleAsync(a => a.Action == "user.deactivated" && a.Subject == $"user:{targetId}");
        (audit.ActorId, audit.ImpersonatorId).ShouldBe((adminId, "support_1"));
        JsonDocument.Parse(audit.Details!).RootElement.GetProperty("reason").GetString().ShouldBe("chargeback fraud");
        (await db.Users.SingleAsync(u => u.Id == targetId)).BanReason.ShouldBe("chargeback fraud");
    }

    [Fact]
    public async Task Reactivate_UnbansInAuther_AndLetsTheUserBackIn()
    {
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.UserDeactivate, Policies.UserReactivate);
        var (targetId, targetToken) = await DeactivatedUserAsync(admin);

        using var response = await admin.PostAsync($"/api/users/{targetId}/reactivate", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        api.Auther.FindUser(targetId)!.Banned.ShouldBeFalse();
        (await api.ClientWith(targetToken).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deactivate_WithoutTheUserDeactivatePermission_Returns403_AndTouchesNothing()
    {
        var (targetId, _) = await SignedInAutherUserAsync();
        using var someone = api.ClientFor(TestData.NewUserId(), Policies.UserReactivate);

        using var response = await someone.PostAsJsonAsync($"/api/users/{targetId}/deactivate", new { reason = "x" });

        await ProblemAssert.IsProblemAsync(response, 403);
        api.Auther.FindUser(targetId)!.Banned.ShouldBeFalse();
    }

    [Fact]
    public async Task DeactivatingYourself_Returns409()
    {
        var adminId = TestData.NewUserId();
        using var admin = api.ClientFor(adminId, Policies.UserDeactivate);

        using var response = await admin.PostAsJsonAsync($"/api/users/{adminId}/deactivate", new { reason = "x" });

        await ProblemAssert.IsProblemAsync(response, 409);
    }

    [Fact]
    public async Task DeactivatingAUserAutherDoesNotKnow_Returns404()
    {
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.UserDeactivate);

        using var response = await admin.PostAsJsonAsync($"/api/users/{TestData.NewUserId()}/deactivate", new { reason = "x" });

        await ProblemAssert.IsProblemAsync(response, 404);
    }

    [Fact]
    public async Task DeactivatingAnAlreadyDeactivatedUser_Returns200_WithoutASecondBanOrAuditRow()
    {
        var (targetId, _) = await SignedInAutherUserAsync();
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.UserDeactivate);
        using var first = await admin.PostAsJsonAsync($"/api/users/{targetId}/deactivate", new { reason = "fraud" });
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bansAsked = api.Auther.RequestCount("/api/auth/admin/ban-user");

        using var second = await admin.PostAsJsonAsync($"/api/users/{targetId}/deactivate", new { reason = "fraud, again" });

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await second.JsonAsync();
        body.GetProperty("banned").GetBoolean().ShouldBeTrue();
        body.GetProperty("banReason").GetString().ShouldBe("fraud");
        api.Auther.RequestCount("/api/auth/admin/ban-user").ShouldBe(bansAsked);
        await using var db = api.CreateDbContext();
        (await db.AuditLogs.CountAsync(a => a.Action == "user.deactivated" && a.Subject == $"user:{targetId}")).ShouldBe(1);
    }

    [Fact]
    public async Task ReactivatingAnAlreadyActiveUser_Returns200_WithoutASecondUnbanOrAuditRow()
    {
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.UserDeactivate, Policies.UserReactivate);
        var (targetId, _) = await DeactivatedUserAsync(admin);
        using var first = await admin.PostAsync($"/api/users/{targetId}/reactivate", null);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var unbansAsked = api.Auther.RequestCount("/api/auth/admin/unban-user");

        using var second = await admin.PostAsync($"/api/users/{targetId}/reactivate", null);

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await second.JsonAsync();
        body.GetProperty("banned").GetBoolean().ShouldBeFalse();
        body.GetProperty("banReason").ValueKind.ShouldBe(JsonValueKind.Null);
        api.Auther.RequestCount("/api/auth/admin/unban-user").ShouldBe(unbansAsked);
        await using var db = api.CreateDbContext();
        (await db.AuditLogs.CountAsync(a => a.Action == "user.reactivated" && a.Subject == $"user:{targetId}")).ShouldBe(1);
    }

    /// <summary>
    /// Item 4 of the third hostile round: a profile in Auther the columns cannot hold (NUL in the name, a 328-character
    /// e-mail) answered 400 after Auther had banned the user, and the token kept working until the poll.
    /// </summary>
    [Fact]
    public async Task Deactivate_WhenAuthersProfileHoldsUnstorableText_BansHereAnyway_AndTheTokenIsRefusedAtOnce()
    {
        var (targetId, targetToken) = await SignedInAutherUserAsync();
        var longEmail = new string('a', 64) + "@" + new string('b', 258) + ".test";
        longEmail.Length.ShouldBe(328);
        api.Auther.UpdateProfile(targetId, name: "Nul\0Name", email: longEmail);
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.UserDeactivate);

        using var response = await admin.PostAsJsonAsync($"/api/users/{targetId}/deactivate", new { reason = "hostile profile" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.JsonAsync()).GetProperty("banned").GetBoolean().ShouldBeTrue();
        await using var db = api.CreateDbContext();
        var row = await db.Users.AsNoTracking().SingleAsync(u => u.Id == targetId);
        (row.Banned, row.BanReason).ShouldBe((true, "hostile profile"));
        row.Name.ShouldBe("NulName");
        row.Email!.Length.ShouldBeLessThanOrEqualTo(App.Data.TextLimits.Email);
        using var cutOff = await api.ClientWith(targetToken).GetAsync("/api/me");
        (await ProblemAssert.IsProblemAsync(cutOff, 403)).GetProperty("code").GetString().ShouldBe("account_deactivated");
    }

    [Fact]
    public async Task DeactivatingAUserWhoNeverReachedThisApp_CreatesTheirRowBanned_WithAuthersRoleSetAtTheAnswer()
    {
        var userId = TestData.NewUserId();
        api.Auther.CreateUser($"{userId}@example.com", "Never Here", userId, role: "admin");
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.UserDeactivate);
        var before = DateTimeOffset.UtcNow;

        using var response = await admin.PostAsJsonAsync($"/api/users/{userId}/deactivate", new { reason = "never signed in" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await using var db = api.CreateDbContext();
        var row = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        (row.Banned, row.Role).ShouldBe((true, "admin"));
        row.RoleSetAt.ShouldNotBeNull();
        row.RoleSetAt.Value.ShouldBeInRange(before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Deactivate_OnOneInstance_CutsTheUserOffOnAnotherWithinSeconds_WithoutAWebhook()
    {
        // Another instance that listens for changes and has the user in its cache; this Auther sends no webhooks,
        // so only the deciding instance's notification can reach it.
        var second = api.CreateInstance();
        var cache = second.Services.GetRequiredService<ShadowUserCache>();
        (await Eventually.ReturnsAsync(() => Task.FromResult(cache.Synchronised), synced => synced)).ShouldBeTrue();
        var (targetId, targetToken) = await SignedInAutherUserAsync();
        (await StatusOnAsync(second, targetToken)).ShouldBe(HttpStatusCode.OK);
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.UserDeactivate);

        (await admin.PostAsJsonAsync($"/api/users/{targetId}/deactivate", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Eventually.ReturnsAsync(() => StatusOnAsync(second, targetToken), status => status == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(3)))
            .ShouldBe(HttpStatusCode.Forbidden);
    }

    private async Task<HttpStatusCode> StatusOnAsync(WebApplicationFactory<Program> instance, string token)
    {
        using var client = api.ClientWith(token, instance);
        using var response = await client.GetAsync("/api/me");
        return response.StatusCode;
    }

    [Fact]
    public async Task Deactivate_WhenPostgreSqlRefusesAuthersProfile_BansHereAnyway_AndKeepsTheRowsProfile()
    {
        var (targetId, targetToken) = await SignedInAutherUserAsync();
        api.Auther.UpdateProfile(targetId, email: $"changed-{targetId}@example.com");
        await using var refused = await InjectedFailure.OnUpdateOfAsync(api, "users", "email", "22001");
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.UserDeactivate);

        using var response = await admin.PostAsJsonAsync($"/api/users/{targetId}/deactivate", new { reason = "refused profile" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await refused.RemoveAsync();
        await using var db = api.CreateDbContext();
        var row = await db.Users.AsNoTracking().SingleAsync(u => u.Id == targetId);
        (row.Banned, row.BanReason, row.Email).ShouldBe((true, "refused profile", $"{targetId}@example.com"));
        using var cutOff = await api.ClientWith(targetToken).GetAsync("/api/me");
        (await ProblemAssert.IsProblemAsync(cutOff, 403)).GetProperty("code").GetString().ShouldBe("account_deactivated");
    }

    /// <summary>A signed-in user that <paramref name="admin"/> has just deactivated.</summary>
    private async Task<(string UserId, string Token)> DeactivatedUserAsync(HttpClient admin)
    {
        var (userId, token) = await SignedInAutherUserAsync();
        (await admin.PostAsJsonAsync($"/api/users/{userId}/deactivate", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (userId, token);
    }

    private async Task<(string UserId, string Token)> SignedInAutherUserAsync()
    {
        var userId = TestData.NewUserId();
        api.Auther.CreateUser($"{userId}@example.com", "Target", userId);
        var token = api.TokenFor(userId);
        (await api.ClientWith(token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (userId, token);
    }
}

/// <summary>Short timeouts so an outage shows quickly; the breaker is per instance, so this class owns one.</summary>
public sealed class AutherDownFixture() : ApiFixture(new()
{
    Settings = { ["Auther:Client:AdminTimeout"] = "00:00:00.300", ["Auther:Client:RetryBaseDelay"] = "00:00:00.020", ["Auther:Client:BreakDuration"] = "00:00:30" },
});

public sealed class UserDeactivationWhenAutherIsDownTests(AutherDownFixture api) : IClassFixture<AutherDownFixture>
{
    [Fact]
    public async Task Deactivate_WhenAutherIsDown_Returns503WithRetryAfter_AndOnceTheBreakerOpens_AnswersFast()
    {
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.UserDeactivate);
        // The signing keys are fetched before Auther slows down: this test is about the ban call, and a
        // cold key cache behind a 3 s delay would answer keys_unavailable instead.
        (await admin.GetAsync("/api/me")).EnsureSuccessStatusCode();
        api.Auther.ResponseDelay = TimeSpan.FromSeconds(3);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                using var slow = await admin.PostAsJsonAsync($"/api/users/{TestData.NewUserId()}/deactivate", new { reason = "x" });
                (await ProblemAssert.IsProblemAsync(slow, 503)).GetProperty("code").GetString().ShouldBe("auther_unavailable");
                slow.Headers.RetryAfter.ShouldNotBeNull();
            }

            // Open breaker: the answer comes without asking Auther at all (not merely sooner), which is
            // what makes it fast; counting Auther's requests proves that without a timing race.
            var bansAsked = api.Auther.RequestCount("/api/auth/admin/ban-user");
            using var fast = await admin.PostAsJsonAsync($"/api/users/{TestData.NewUserId()}/deactivate", new { reason = "x" });

            await ProblemAssert.IsProblemAsync(fast, 503);
            fast.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.FromSeconds(5));
            api.Auther.RequestCount("/api/auth/admin/ban-user").ShouldBe(bansAsked);
            bansAsked.ShouldBeGreaterThanOrEqualTo(3);
        }
        finally
        {
            api.Auther.ResponseDelay = TimeSpan.Zero;
        }
    }
}
