using System.Net;
using App.Api.IdentityProvider;
using Interop.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Tests.Admin;

/// <summary>
/// Changes an operator makes in Auther's admin UI: better-auth announces none of them, so only the app's
/// poll of list-users can carry them to live tokens.
/// </summary>
public sealed class SyncTests(InteropFixture fixture) : IClassFixture<InteropFixture>
{
    private static readonly TimeSpan Within = InteropFixture.SyncInterval * 2 + TimeSpan.FromSeconds(10);

    [Fact]
    public async Task BanMadeInBetterAuth_IsPickedUpByTheSyncPoll_AndAnUnbanLiftsIt()
    {
        var target = await fixture.NewUserAsync("banned-in-auther");
        var token = await fixture.BetterAuth.SessionJwtAsync(target.Cookie);
        (await AppAnswer.MeAsync(fixture, token)).Status.ShouldBe(HttpStatusCode.OK);

        await fixture.BetterAuth.AdminAsync(fixture.AdminCookie, "ban-user", new { userId = target.Id, banReason = "made in Auther" });

        var banned = await Poll.UntilAsync(() => AppAnswer.MeAsync(fixture, token), a => a.Status != HttpStatusCode.OK, Within);
        banned.Status.ShouldBe(HttpStatusCode.Forbidden, banned.Body);
        banned.Code.ShouldBe("account_deactivated");

        await fixture.BetterAuth.AdminAsync(fixture.AdminCookie, "unban-user", new { userId = target.Id });

        var lifted = await Poll.UntilAsync(() => AppAnswer.MeAsync(fixture, token), a => a.Status == HttpStatusCode.OK, Within);
        lifted.Status.ShouldBe(HttpStatusCode.OK, lifted.Body);
    }

    /// <summary>
    /// Seen against the deployed Auther: after <c>set-role user</c> the admin-era session JWT still claimed
    /// <c>admin</c> and kept its powers. The poll brings the demotion, and a role set after a token was issued wins.
    /// </summary>
    [Fact]
    public async Task ADemotionMadeInBetterAuth_TakesTheAdminPowersOfASessionJwtIssuedBeforeIt()
    {
        var user = await fixture.NewUserAsync("demoted");
        await fixture.BetterAuth.SetRoleAsync(user.Id, "admin");
        var adminEraToken = await fixture.BetterAuth.SessionJwtAsync(user.Cookie);
        using var client = fixture.AppClient(adminEraToken);
        (await client.GetAsync("/api/admin/audit-logs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // iat has whole seconds, and a token signed in the same second as a change counts as issued after it.
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        await fixture.BetterAuth.AdminAsync(fixture.AdminCookie, "set-role", new { userId = user.Id, role = "user" });

        var status = await Poll.UntilAsync(async () => (await client.GetAsync("/api/admin/audit-logs")).StatusCode,
            s => s == HttpStatusCode.Forbidden, Within);
        status.ShouldBe(HttpStatusCode.Forbidden);
    }

    /// <summary>The lookup of a user first seen with a role-less id_token: list-users filtered by id finds exactly that user.</summary>
    [Fact]
    public async Task ListUsersFilteredById_FindsThatUser_AndNobodyForAnUnknownId()
    {
        var user = await fixture.NewUserAsync("looked-up");
        await fixture.BetterAuth.SetRoleAsync(user.Id, "admin");
        using var scope = fixture.App.Services.CreateScope();
        var auther = scope.ServiceProvider.GetRequiredService<AutherClient>();

        var found = await auther.FindUserAsync(user.Id, CancellationToken.None);
        var nobody = await auther.FindUserAsync("no-such-user-" + Guid.NewGuid().ToString("N"), CancellationToken.None);

        found.ShouldNotBeNull();
        (found.Id, found.Email, found.Role).ShouldBe((user.Id, user.Email, "admin"));
        nobody.ShouldBeNull();
    }
}
