using System.Net;
using App.Tests.Infrastructure;
using Interop.Tests.Infrastructure;

namespace Interop.Tests.Admin;

/// <summary>
/// better-auth's remove-user deletes the user and tells nobody: the app learns it only by reconciling against
/// list-users, and then cuts the user's still-valid tokens off (by default, without deleting their data).
/// </summary>
public sealed class ReconcileTests(SignInAdminFixture fixture) : IClassFixture<SignInAdminFixture>
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

        var (exitCode, stdout, stderr) = await ApiProcess.RunAsync(fixture.Environment(), "reconcile");

        exitCode.ShouldBe(0, stdout + stderr);
        var after = await AppAnswer.MeAsync(fixture, token);
        after.Status.ShouldBe(HttpStatusCode.Unauthorized, after.Body);
        after.Code.ShouldBe("account_deleted");
        (await AppAnswer.MeAsync(fixture, bystanderToken)).Status.ShouldBe(HttpStatusCode.OK);
    }
}
