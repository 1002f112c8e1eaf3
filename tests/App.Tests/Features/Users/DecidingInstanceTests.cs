using System.Net;
using System.Net.Http.Json;
using App.Api.Auth;
using App.Api.ShadowUsers;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace App.Tests.Features.Users;

/// <summary>The API without its LISTEN/NOTIFY listener: its user cache changes only by its own hand.</summary>
public sealed class NoCacheNotificationsFixture : ApiFixture
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(CacheInvalidationListener)));
}

/// <summary>
/// Deactivating and reactivating take effect on the instance that made the change with its very next request,
/// not when its own notification comes back. Here none ever comes, so only the instance's own eviction can do it.
/// </summary>
public sealed class DecidingInstanceTests(NoCacheNotificationsFixture api) : IClassFixture<NoCacheNotificationsFixture>
{
    [Fact]
    public async Task DeactivateThenReactivate_EachHoldsOnTheNextRequest_WithoutWaitingForANotification()
    {
        var userId = TestData.NewUserId();
        api.Auther.CreateUser($"{userId}@example.com", "Target", userId);
        using var user = api.ClientWith(api.TokenFor(userId));
        (await user.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.UserDeactivate, Policies.UserReactivate);

        (await admin.PostAsJsonAsync($"/api/users/{userId}/deactivate", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var cutOff = await user.GetAsync("/api/me");
        (await admin.PostAsync($"/api/users/{userId}/reactivate", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var back = await user.GetAsync("/api/me");

        cutOff.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        back.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
