using System.Diagnostics;
using Auther.Dev.Webhooks;
using Auther.Dev.Webhooks.Delivery;

namespace Auther.Dev;

public sealed partial class AutherDevServer
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    /// <summary>The endpoints events go to now.</summary>
    public IReadOnlyList<WebhookEndpointOptions> WebhookEndpoints => _core.Endpoints.All;

    /// <summary>The most recent deliveries (bounded by <see cref="AutherDevOptions.DeliveryLogSize"/>), oldest first.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries => _core.Deliveries.Snapshot();

    /// <summary>Send every delivery a second time (same id and body), as at-least-once delivery may.</summary>
    public bool DeliverTwice
    {
        get => _core.DeliveryQueue.DeliverTwice;
        set => _core.DeliveryQueue.DeliverTwice = value;
    }

    /// <summary>Deliver the events of <see cref="EmitBatch"/> (and of <see cref="Release"/>) in a random order.</summary>
    public bool ShuffleBatches
    {
        get => _core.DeliveryQueue.ShuffleBatches;
        set => _core.DeliveryQueue.ShuffleBatches = value;
    }

    /// <summary>Whether deliveries are being held.</summary>
    public bool IsHeld => _core.DeliveryQueue.IsHeld;

    /// <summary>Adds an endpoint; later events go to it too.</summary>
    public void AddWebhookEndpoint(WebhookEndpointOptions endpoint) => _core.Endpoints.Add(endpoint);

    /// <summary>Removes the endpoints with this URL.</summary>
    public bool RemoveWebhookEndpoint(string url) => _core.Endpoints.Remove(url);

    /// <summary>Emits any event (data serialised camelCase) to every subscribed endpoint.</summary>
    public OutgoingEvent Emit(string type, object data) => _core.Events.Publish(type, data);

    /// <summary>Emits several events at once; with <see cref="ShuffleBatches"/> each endpoint receives them in a random order.</summary>
    public IReadOnlyList<OutgoingEvent> EmitBatch(IEnumerable<(string Type, object Data)> events) => _core.Events.PublishBatch(events, shuffle: true);

    /// <summary>Auther "down": nothing is sent (new events and due retries are parked) until <see cref="Release"/>.</summary>
    public void Hold() => _core.DeliveryQueue.Hold();

    /// <summary>Auther back: everything parked is queued (shuffled when <see cref="ShuffleBatches"/> is on).</summary>
    public void Release() => _core.DeliveryQueue.Release();

    /// <summary>Sends a finished delivery again (same id and body). False when unknown or still in progress.</summary>
    public bool Resend(string deliveryId) => DevWebhookEndpoints.Resend(_core, deliveryId);

    /// <summary>Waits until <paramref name="condition"/> holds over <see cref="Deliveries"/>; returns that snapshot.</summary>
    /// <exception cref="TimeoutException">With the deliveries seen, when it does not hold in time (default 10 s).</exception>
    public async Task<IReadOnlyList<WebhookDelivery>> WaitForDeliveriesAsync(
        Func<IReadOnlyList<WebhookDelivery>, bool> condition, TimeSpan? timeout = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var deliveries = Deliveries;
            if (condition(deliveries))
            {
                return deliveries;
            }

            if (waited.Elapsed > (timeout ?? DefaultWait))
            {
                throw new TimeoutException("Deliveries did not reach the expected state. Seen: " +
                    string.Join("; ", deliveries.Select(d => $"{d.Type} {d.Id} -> {d.EndpointUrl} {d.Status} x{d.Attempts}")));
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until <paramref name="count"/> deliveries of <paramref name="eventType"/> were delivered; returns them.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> WaitForDeliveriesAsync(string eventType, int count = 1, TimeSpan? timeout = null)
    {
        var all = await WaitForDeliveriesAsync(
            ds => ds.Count(d => d.Type == eventType && d.Status == DeliveryStatus.Delivered) >= count, timeout);
        return all.Where(d => d.Type == eventType && d.Status == DeliveryStatus.Delivered).ToList();
    }

    /// <summary>Waits until nothing is queued, in flight or waiting to retry (held deliveries do not count).</summary>
    public async Task WaitUntilIdleAsync(TimeSpan? timeout = null)
    {
        var waited = Stopwatch.StartNew();
        while (_core.DeliveryQueue.Outstanding > 0)
        {
            if (waited.Elapsed > (timeout ?? DefaultWait))
            {
                throw new TimeoutException($"{_core.DeliveryQueue.Outstanding} deliveries still outstanding.");
            }

            await Task.Delay(10);
        }
    }
}
