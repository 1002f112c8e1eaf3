using System.Net;
using App.Api.Sync;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace App.Tests.Cluster;

/// <summary>
/// The user poll through the pooler, one instance at a time: the lock lives on a direct connection, the other
/// instance waits for it in PostgreSQL, and takes it, and polls, the moment the holder starts shutting down.
/// The interval is five minutes, so only the handover can explain a poll within seconds.
/// </summary>
public sealed class PollHandoverTests(PoolerSyncFixture api) : IClassFixture<PoolerSyncFixture>
{
    [Fact]
    public async Task WhenThePollerStartsShuttingDown_TheOtherInstancePollsAtOnce_AndAppliesABanMadeInAuther()
    {
        var instances = new[] { api.Factory, api.Second };
        var poller = await Eventually.ReturnsAsync(() => Task.FromResult(instances.SingleOrDefault(Polling)), p => p is not null);
        poller.ShouldNotBeNull("one instance takes the lock");
        await Eventually.ReturnsAsync(() => api.QueryAsync(db => db.SyncWatermarks.AnyAsync()), any => any);
        var other = instances.Single(i => i != poller);
        var userId = TestData.NewUserId();
        api.Auther.CreateUser($"{userId}@example.com", "Polled", userId);
        var token = api.TokenFor(userId);
        (await api.ClientWith(token, other).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        api.Auther.Ban(userId, "made in Auther's admin UI: no webhook");

        var stoppedPoll = poller.Services.GetRequiredService<SyncService>();
        poller.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        (await Eventually.ReturnsAsync(() => Task.FromResult(Polling(other)), p => p, within: TimeSpan.FromSeconds(5))).ShouldBeTrue();
        var status = await Eventually.ReturnsAsync(async () => (await api.ClientWith(token, other).GetAsync("/api/me")).StatusCode,
            s => s == HttpStatusCode.Forbidden, within: TimeSpan.FromSeconds(5));
        status.ShouldBe(HttpStatusCode.Forbidden);
        stoppedPoll.IsPolling.ShouldBeFalse();
    }

    private static bool Polling(WebApplicationFactory<Program> instance) => instance.Services.GetRequiredService<SyncService>().IsPolling;
}
