using System.Net;
using Interop.Tests.Infrastructure;

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
}
