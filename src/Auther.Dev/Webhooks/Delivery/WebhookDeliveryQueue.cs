using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Auther.Dev.Webhooks.Delivery;

/// <summary>
/// Delivers from a background queue: one queue and worker per endpoint (in order, so a slow endpoint delays
/// only itself), retries with exponential backoff repeating the same id, and the test switches. Holding
/// plays "Auther is down": everything due is parked until <see cref="Release"/>.
/// </summary>
internal sealed class WebhookDeliveryQueue(WebhookRetryOptions retry, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<WebhookEndpointOptions, Channel<DeliveryState>> _queues = new(ReferenceEqualityComparer.Instance);
    private readonly List<Task> _workers = [];
    private readonly List<DeliveryState> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly WebhookSender _sender = new(retry, time);
    private int _outstanding;
    private bool _holding;

    public bool DeliverTwice { get; set; }

    public bool ShuffleBatches { get; set; }

    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                return _holding;
            }
        }
    }

    /// <summary>Deliveries queued, in flight or waiting to retry (held ones do not count).</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    public void Enqueue(IEnumerable<DeliveryState> deliveries)
    {
        lock (_gate)
        {
            foreach (var delivery in deliveries)
            {
                Interlocked.Increment(ref _outstanding);
                if (!Park(delivery))
                {
                    delivery.MarkPending();
                    QueueFor(delivery.Endpoint).Writer.TryWrite(delivery);
                }
            }
        }
    }

    public void Hold()
    {
        lock (_gate)
        {
            _holding = true;
        }
    }

    public void Release()
    {
        List<DeliveryState> held;
        lock (_gate)
        {
            _holding = false;
            held = [.. _held];
            _held.Clear();
        }

        if (ShuffleBatches)
        {
            Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(held));
        }

        Enqueue(held);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        lock (_gate)
        {
            foreach (var queue in _queues.Values)
            {
                queue.Writer.TryComplete();
            }
        }

        await Task.WhenAll(_workers).ContinueWith(_ => { }, TaskScheduler.Default);
        _sender.Dispose();
        _stop.Dispose();
    }

    private Channel<DeliveryState> QueueFor(WebhookEndpointOptions endpoint)
    {
        if (!_queues.TryGetValue(endpoint, out var queue))
        {
            queue = Channel.CreateUnbounded<DeliveryState>(new UnboundedChannelOptions { SingleReader = true });
            _queues[endpoint] = queue;
            _workers.Add(Task.Run(() => RunAsync(queue.Reader)));
        }

        return queue;
    }

    private async Task RunAsync(ChannelReader<DeliveryState> reader)
    {
        try
        {
            await foreach (var delivery in reader.ReadAllAsync(_stop.Token))
            {
                if (ParkIfHeld(delivery))
                {
                    continue;
                }

                await AttemptAsync(delivery);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private bool ParkIfHeld(DeliveryState delivery)
    {
        lock (_gate)
        {
            return Park(delivery);
        }
    }

    /// <summary>Parks a delivery that fell due while held; call with <see cref="_gate"/> held.</summary>
    private bool Park(DeliveryState delivery)
    {
        if (!_holding)
        {
            return false;
        }

        delivery.MarkHeld();
        _held.Add(delivery);
        Interlocked.Decrement(ref _outstanding);
        return true;
    }

    private async Task AttemptAsync(DeliveryState delivery)
    {
        var attempt = delivery.BeginAttempt(time.GetUtcNow());
        var outcome = await _sender.SendAsync(delivery, _stop.Token);
        var evt = delivery.Event;
        if (outcome.Succeeded)
        {
            delivery.Finish(DeliveryStatus.Delivered, outcome.StatusCode, null);
            Interlocked.Decrement(ref _outstanding);
            logger.LogInformation("Delivered {Type} {Id} to {Url} ({Status})", evt.Type, evt.Id, delivery.Endpoint.Url, outcome.StatusCode);
        }
        else if (attempt >= retry.MaxAttempts)
        {
            delivery.Finish(DeliveryStatus.Failed, outcome.StatusCode, outcome.Error);
            Interlocked.Decrement(ref _outstanding);
            logger.LogWarning("Gave up on {Type} {Id} to {Url} after {Attempts} attempts: {Error}", evt.Type, evt.Id, delivery.Endpoint.Url, attempt, outcome.Error);
        }
        else
        {
            delivery.Finish(DeliveryStatus.Retrying, outcome.StatusCode, outcome.Error);
            logger.LogInformation("Attempt {Attempt} of {Type} {Id} to {Url} failed ({Error}); retrying", attempt, evt.Type, evt.Id, delivery.Endpoint.Url, outcome.Error);
            _ = RetryLaterAsync(delivery, retry.DelayAfter(attempt));
        }
    }

    private async Task RetryLaterAsync(DeliveryState delivery, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            if (!Park(delivery))
            {
                delivery.MarkPending();
                QueueFor(delivery.Endpoint).Writer.TryWrite(delivery);
            }
        }
    }
}
