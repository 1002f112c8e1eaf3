namespace Auther.Dev.Webhooks.Delivery;

/// <summary>The most recent deliveries, for the dashboard, resends and test assertions. Bounded: old ones fall off.</summary>
internal sealed class DeliveryLog(int capacity)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<DeliveryState> _entries = new();
    private long _sequence;

    public string NextId() => $"dlv_{Interlocked.Increment(ref _sequence)}";

    public void Add(DeliveryState delivery)
    {
        lock (_gate)
        {
            _entries.AddLast(delivery);
            while (_entries.Count > Math.Max(1, capacity))
            {
                _entries.RemoveFirst();
            }
        }
    }

    public IReadOnlyList<WebhookDelivery> Snapshot()
    {
        lock (_gate)
        {
            return _entries.Select(d => d.Snapshot()).ToList();
        }
    }

    public DeliveryState? Find(string deliveryId)
    {
        lock (_gate)
        {
            return _entries.FirstOrDefault(d => d.DeliveryId == deliveryId);
        }
    }
}
