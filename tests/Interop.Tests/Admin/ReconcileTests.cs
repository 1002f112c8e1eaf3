using System.Net;
using App.Api.Sync;
using Interop.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Interop.Tests.Admin;

/// <summary>
/// better-auth's remove-user deletes the user and tells nobody: the app learns it only by reconciling against
/// list-users, and then cuts the user's still-valid tokens off (by default, without deleting their data).
/// </summary>
public sealed class ReconcileTests(InteropFixture fixture) : IClassFixture<InteropFixture>
{
    [Fact]
    public async Task UserRemovedInBetterAuth_IsBlockedAfterReconcile()
    {
        var bystander = await fixture.NewUserAsync("bystander");
        var bystanderToken = await fixture.BetterAuth.SessionJwtAsync(bystander.Cookie);
        var removed = await fixture.NewUserAsync("removed-in-auther");
        var token = await fixture.BetterAuth.SessionJwtAsync(removed.Cookie);
        (await AppAnswer.MeAsync(fixture, bystanderToken)).Status.ShouldBe(HttpStatusCode.OK);
        (await AppAnswer.MeAsync(fixture, token)).Status.ShouldBe(HttpStatusCode.OK);

        await fixture.BetterAuth.AdminAsync(fixture.AdminCookie, "remove-user", new { userId = removed.Id });
        (await fixture.BetterAuth.UserAsync(removed.Id)).ShouldBeNull();

        // What the background job runs every Reconcile:Interval, with the configured default (Block).
        var onMissing = fixture.App.Services.GetRequiredService<IOptions<ReconcileOptions>>().Value.ResolvedOnMissing;
        var report = await fixture.App.Services.GetRequiredService<ReconcileService>().RunOnceAsync(onMissing, dryRun: false, CancellationToken.None);

        report.Blocked.ShouldBe([removed.Id], report.Summary());
        var after = await AppAnswer.MeAsync(fixture, token);
        after.Status.ShouldBe(HttpStatusCode.Unauthorized, after.Body);
        after.Code.ShouldBe("account_deleted");
        (await AppAnswer.MeAsync(fixture, bystanderToken)).Status.ShouldBe(HttpStatusCode.OK);
    }
}
