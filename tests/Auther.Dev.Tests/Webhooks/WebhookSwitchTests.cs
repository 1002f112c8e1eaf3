using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;
using Auther.Dev.Webhooks;
using Auther.Dev.Webhooks.Delivery;

namespace Auther.Dev.Tests.Webhooks;

/// <summary>The switches that make at-least-once, unordered and delayed delivery happen on demand.</summary>
public sealed class WebhookSwitchTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private WebhookRecorder _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookRecorder.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task DeliverTwice_SendsEachEventTwice_WithTheSameId()
    {
        await using var server = await StartAsync();
        server.DeliverTwice = true;

        var evt = server.Emit("user.updated", new { id = "u-1" });

        var requests = await _receiver.WaitForAsync(2);
        requests.Select(r => r.Header("x-webhook-id")).ShouldBe([evt.Id, evt.Id]);
        requests[0].Body.ShouldBe(requests[1].Body);
        await server.WaitUntilIdleAsync();
        server.Deliveries.Count(d => d.IsDuplicate).ShouldBe(1);
    }

    [Fact]
    public async Task Batch_IsDeliveredInOrder_WhenNotShuffled()
    {
        await using var server = await StartAsync();

        var events = server.EmitBatch(Enumerable.Range(0, 10).Select(i => ("user.updated", (object)new { id = $"u-{i}" })));

        var requests = await _receiver.WaitForAsync(10);
        requests.Select(r => r.Header("x-webhook-id")).ShouldBe(events.Select(e => e.Id));
    }

    [Fact]
    public async Task ShuffleBatches_DeliversTheSameEventsInAnotherOrder()
    {
        await using var server = await StartAsync();
        server.ShuffleBatches = true;

        // 20 events: the chance that a shuffle leaves them in order is 1 in 20!, about 4e-19.
        var events = server.EmitBatch(Enumerable.Range(0, 20).Select(i => ("user.updated", (object)new { id = $"u-{i}" })));

        var received = (await _receiver.WaitForAsync(20)).Select(r => r.Header("x-webhook-id")).ToList();
        received.ShouldBe(events.Select(e => e.Id), ignoreOrder: true);
        received.ShouldNotBe(events.Select(e => e.Id).ToList());
    }

    [Fact]
    public async Task Hold_KeepsDeliveriesBack_UntilRelease()
    {
        await using var server = await StartAsync();
        server.Hold();

        server.Emit("user.updated", new { id = "u-1" });
        server.Emit("user.updated", new { id = "u-2" });
        await Task.Delay(200);

        _receiver.Received.ShouldBeEmpty();
        server.Deliveries.ShouldAllBe(d => d.Status == DeliveryStatus.Held);

        server.Release();

        (await _receiver.WaitForAsync(2)).Count.ShouldBe(2);
        await server.WaitUntilIdleAsync();
        server.Deliveries.ShouldAllBe(d => d.Status == DeliveryStatus.Delivered);
    }

    [Fact]
    public async Task Hold_AlsoParksARetryThatFallsDue()
    {
        await using var server = await StartAsync();
        _receiver.FailNext(1);
        // Hold while the first attempt is still in flight, so its retry is bound to fall due during the
        // hold however slowly this machine runs (holding after the 500 raced the 50 ms retry delay).
        _receiver.OnRequest = _ => server.Hold();

        var evt = server.Emit("user.updated", new { id = "u-1" });
        await _receiver.WaitForAsync(1);
        _receiver.OnRequest = null;
        await server.WaitForDeliveriesAsync(ds => ds.Single().Status == DeliveryStatus.Held);
        _receiver.Received.Count.ShouldBe(1);

        server.Release();

        var requests = await _receiver.WaitForAsync(2);
        requests.Select(r => r.Header("x-webhook-id")).ShouldBe([evt.Id, evt.Id]);
    }

    [Fact]
    public async Task HoldAndRelease_WorkOverHttp_ForOutOfProcessUse()
    {
        await using var server = await StartAsync();
        using var client = TestAuther.Client(server);

        (await client.PostAsync("/api/auth/dev/webhooks/hold", null)).EnsureSuccessStatusCode();
        await client.PostAsJsonAsync("/api/auth/dev/emit", new { type = "grant.created", data = new { tupleId = "t1" } });
        server.IsHeld.ShouldBeTrue();
        (await client.PostAsync("/api/auth/dev/webhooks/release", null)).EnsureSuccessStatusCode();

        var request = (await _receiver.WaitForAsync(1)).ShouldHaveSingleItem();
        JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString().ShouldBe("grant.created");
        request.Header("x-webhook-origin").ShouldBe("auther");
    }

    private Task<AutherDevServer> StartAsync() => TestAuther.StartAsync(o =>
        o.WebhookEndpoints.Add(new WebhookEndpointOptions { Url = _receiver.Url, Secret = Secret }));
}
