namespace Auther.Dev.Webhooks.Delivery;

/// <summary>One event on its way to one endpoint: the body is fixed once, attempts and outcome change.</summary>
internal sealed class DeliveryState(
    string deliveryId, OutgoingEvent evt, WebhookEndpointOptions endpoint, string body, bool isDuplicate)
{
    private readonly Lock _gate = new();
    private int _attempts;
    private int _attemptsThisRound;
    private DeliveryStatus _status = DeliveryStatus.Pending;
    private int? _lastStatusCode;
    private string? _lastError;
    private DateTimeOffset? _lastAttemptAt;

    public string DeliveryId { get; } = deliveryId;

    public OutgoingEvent Event { get; } = evt;

    public WebhookEndpointOptions Endpoint { get; } = endpoint;

    public string Body { get; } = body;

    public DeliveryStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Starts an attempt; returns how many this round (a resend starts a new round with a full retry budget).</summary>
    public int BeginAttempt(DateTimeOffset now)
    {
        lock (_gate)
        {
            _attempts++;
            _lastAttemptAt = now;
            return ++_attemptsThisRound;
        }
    }

    public void Finish(DeliveryStatus status, int? statusCode, string? error)
    {
        lock (_gate)
        {
            _status = status;
            _lastStatusCode = statusCode;
            _lastError = error;
        }
    }

    public void MarkHeld() => Set(DeliveryStatus.Held);

    public void MarkPending() => Set(DeliveryStatus.Pending);

    /// <summary>A resend: queued again with a fresh retry budget; same id, same body.</summary>
    public bool TryRestart()
    {
        lock (_gate)
        {
            if (_status is not (DeliveryStatus.Delivered or DeliveryStatus.Failed))
            {
                return false;
            }

            _status = DeliveryStatus.Pending;
            _attemptsThisRound = 0;
            return true;
        }
    }

    public WebhookDelivery Snapshot()
    {
        lock (_gate)
        {
            return new WebhookDelivery(
                DeliveryId, Event.Id, Event.Type, Endpoint.Url, Endpoint.Format, _attempts, _status,
                _lastStatusCode, _lastError, Event.Timestamp, Body, isDuplicate, _lastAttemptAt);
        }
    }

    private void Set(DeliveryStatus status)
    {
        lock (_gate)
        {
            _status = status;
        }
    }
}
