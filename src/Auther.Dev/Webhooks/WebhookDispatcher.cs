using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Auther.Dev.Webhooks;

/// <summary>
/// Delivers from a background queue: one queue and worker per endpoint (in order, so a slow endpoint delays
/// only itself), retries with exponential backoff repeating the same id, and the test switches. Holding
/// plays "Auther is down": everything due is parked until <see cref="Release"/>.
/// </summary>
internal sealed class WebhookDispatcher : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<WebhookEndpointOptions, Channel<DeliveryState>> _queues = new(ReferenceEqualityComparer.Instance);
    private readonly List<Task> _workers = [];
    private readonly List<DeliveryState> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;
    private readonly WebhookRetryOptions _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _outstanding;
    private bool _holding;

    public WebhookDispatcher(WebhookRetryOptions retry, TimeProvider time, ILogger logger)
    {
        _retry = retry;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            Timeout = retry.RequestTimeout,
        };
    }

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
                if (_holding)
                {
                    delivery.MarkHeld();
                    _held.Add(delivery);
                    continue;
                }

                delivery.MarkPending();
                Interlocked.Increment(ref _outstanding);
                QueueFor(delivery.Endpoint).Writer.TryWrite(delivery);
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
        _http.Dispose();
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
            if (!_holding)
            {
                return false;
            }

            delivery.MarkHeld();
            _held.Add(delivery);
            Interlocked.Decrement(ref _outstanding);
            return true;
        }
    }

    private async Task AttemptAsync(DeliveryState delivery)
    {
        var attempt = delivery.BeginAttempt(_time.GetUtcNow());
        int? statusCode = null;
        string? error = null;
        try
        {
            using var request = WebhookRequestFactory.Create(delivery, _time.GetUtcNow());
            using var response = await _http.SendAsync(request, _stop.Token);
            statusCode = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.Finish(DeliveryStatus.Delivered, statusCode, null);
                Interlocked.Decrement(ref _outstanding);
                _logger.LogInformation("Delivered {Type} {Id} to {Url} ({Status})", delivery.Event.Type, delivery.Event.Id, delivery.Endpoint.Url, statusCode);
                return;
            }

            error = $"HTTP {statusCode}";
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // HttpClient's own timeout surfaces as a cancellation too.
            error = ex is TaskCanceledException ? "timeout" : ex.Message;
        }

        if (attempt >= _retry.MaxAttempts)
        {
            delivery.Finish(DeliveryStatus.Failed, statusCode, error);
            Interlocked.Decrement(ref _outstanding);
            _logger.LogWarning("Gave up on {Type} {Id} to {Url} after {Attempts} attempts: {Error}", delivery.Event.Type, delivery.Event.Id, delivery.Endpoint.Url, attempt, error);
            return;
        }

        delivery.Finish(DeliveryStatus.Retrying, statusCode, error);
        _ = RetryLaterAsync(delivery, _retry.DelayAfter(attempt));
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
            if (_holding)
            {
                delivery.MarkHeld();
                _held.Add(delivery);
                Interlocked.Decrement(ref _outstanding);
                return;
            }

            delivery.MarkPending();
            QueueFor(delivery.Endpoint).Writer.TryWrite(delivery);
        }
    }
}
