using System.Net;
using System.Net.Http.Json;
using Interop.Tests.Infrastructure;

namespace Interop.Tests.Admin;

/// <summary>Deactivating through the app reaches better-auth's admin routes with the app's own admin sign-in.</summary>
public sealed class DeactivationTests(SignInAdminFixture fixture) : IClassFixture<SignInAdminFixture>
{
    [Fact]
    public async Task Deactivate_ThroughTheApp_BansTheUserInBetterAuth_AndCutsTheirTokenOff()
    {
        var target = await fixture.NewUserAsync("deactivated");
        var targetToken = await fixture.BetterAuth.SessionJwtAsync(target.Cookie);
        (await AppAnswer.MeAsync(fixture, targetToken)).Status.ShouldBe(HttpStatusCode.OK);
        var adminToken = await fixture.BetterAuth.SessionJwtAsync(await fixture.BetterAuth.SignInAsync(InteropFixture.AdminEmail, InteropFixture.AdminPassword));

        using var admin = fixture.AppClient(adminToken);
        using var response = await admin.PostAsJsonAsync($"/api/users/{target.Id}/deactivate", new { reason = "interop check" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var stored = await fixture.BetterAuth.UserAsync(target.Id);
        stored.ShouldNotBeNull();
        stored["banned"]!.GetValue<bool>().ShouldBeTrue();
        stored["banReason"]!.GetValue<string>().ShouldBe("interop check");
        var after = await AppAnswer.MeAsync(fixture, targetToken);
        after.Status.ShouldBe(HttpStatusCode.Forbidden, after.Body);
        after.Code.ShouldBe("account_deactivated");
    }
}
