using System.Net;
using System.Net.Http.Headers;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace App.Tests.Hosting;

/// <summary>
/// Stopping an instance on a real socket: readiness fails first, the drain keeps serving with Connection: close,
/// then new connections are refused while what was accepted finishes; work still running at the bound is cut and
/// rolled back whole, never acknowledged and lost.
/// </summary>
public sealed class GracefulShutdownTests(DrainingFixture api) : IClassFixture<DrainingFixture>
{
    [Fact]
    public async Task Stop_AnswersNotReadyAtOnce_ServesTheDrainWithConnectionClose_ThenRefusesConnections()
    {
        var instance = api.CreateInstance();
        using var client = SocketClient(instance, api.TokenFor(TestData.NewUserId()));
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var stopping = instance.DisposeAsync().AsTask();

        using var ready = await Eventually.ReturnsAsync(() => client.GetAsync("/health/ready"), r => r.StatusCode != HttpStatusCode.OK, within: TimeSpan.FromMilliseconds(500));
        (await ProblemAssert.IsProblemAsync(ready, 503)).GetProperty("checks").GetProperty("shutdown").GetProperty("status").GetString().ShouldBe("Unhealthy");
        ready.Headers.RetryAfter.ShouldNotBeNull();
        stopping.IsCompleted.ShouldBeFalse();
        using var served = await client.GetAsync("/api/me");
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Headers.ConnectionClose.ShouldBe(true);

        await stopping;
        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync("/api/me"));
    }

    [Fact]
    public async Task AWebhookUnderWayWhenTheDrainEnds_IsCommittedAndAcknowledged()
    {
        var instance = api.CreateInstance();
        var userId = TestData.NewUserId();
        var delivery = Rename(userId, "Finished");
        await using var held = await HoldUserLockAsync(userId);
        using var client = SocketClient(instance);
        var answer = client.SendAsync(delivery.ToRequest());
        await Task.Delay(300);

        var stopping = instance.DisposeAsync().AsTask();
        await Task.Delay(DrainingFixture.DrainDelay + TimeSpan.FromMilliseconds(500));
        answer.IsCompleted.ShouldBeFalse("the webhook waits for the user's lock, past the drain");
        await held.CloseAsync();

        (await WebhookApiFixture.OutcomeAsync(await answer)).ShouldBe("applied");
        await stopping;
        (await api.QueryAsync(db => db.Users.SingleAsync(u => u.Id == userId))).Name.ShouldBe("Finished");
    }

    [Fact]
    public async Task AWebhookStillRunningAtTheBound_IsCutAndRolledBack_AndItsRedeliveryIsAppliedOnce()
    {
        var instance = api.CreateInstance();
        var userId = TestData.NewUserId();
        var delivery = Rename(userId, "Redelivered");
        var messageId = delivery.Header("svix-id");
        await using var held = await HoldUserLockAsync(userId);
        using var client = SocketClient(instance);
        var answer = client.SendAsync(delivery.ToRequest());
        await Task.Delay(300);

        await instance.DisposeAsync();
        await Should.ThrowAsync<HttpRequestException>(() => answer);
        await held.CloseAsync();

        (await api.QueryAsync(db => db.WebhookEvents.CountAsync(e => e.MessageId == messageId))).ShouldBe(0);
        (await api.QueryAsync(db => db.Users.CountAsync(u => u.Id == userId))).ShouldBe(0);
        using var again = await api.CreateClient().SendAsync(delivery.ToRequest());
        (await WebhookApiFixture.OutcomeAsync(again)).ShouldBe("applied");
        (await api.QueryAsync(db => db.WebhookEvents.CountAsync(e => e.MessageId == messageId && e.Status == "applied"))).ShouldBe(1);
    }

    /// <summary>A client of its own: the factory disposes the clients it made as soon as it starts stopping.</summary>
    private static HttpClient SocketClient(WebApplicationFactory<Program> instance, string? token = null)
    {
        var address = instance.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private static SignedWebhook Rename(string userId, string name) => AutherWebhookSigner.Svix(
        AutherEvent.Create("user.updated", new { id = userId, email = $"{userId}@example.com", name }), ApiFixture.WebhookSecret);

    /// <summary>The per-user lock every webhook for that user takes first (App.Api's UserLock), held until the connection closes.</summary>
    private async Task<NpgsqlConnection> HoldUserLockAsync(string userId)
    {
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("BEGIN; SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", connection);
        command.Parameters.AddWithValue("key", "user:" + userId);
        await command.ExecuteNonQueryAsync();
        return connection;
    }
}

/// <summary>On a real socket, with a short drain and a short bound for work under way.</summary>
public sealed class DrainingFixture() : ApiFixture(new()
{
    RealSocket = true,
    Settings =
    {
        ["Shutdown:DrainDelay"] = DrainDelay.ToString("c"),
        ["Shutdown:InFlightTimeout"] = "00:00:03",
    },
})
{
    public static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(1.5);
}
