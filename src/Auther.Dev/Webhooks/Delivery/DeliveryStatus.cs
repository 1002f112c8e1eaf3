namespace Auther.Dev.Webhooks.Delivery;

/// <summary>Where a webhook delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Queued for its next attempt.</summary>
    Pending,

    /// <summary>A previous attempt failed; waiting for the backoff delay.</summary>
    Retrying,

    /// <summary>Kept back by <see cref="AutherDevServer.Hold"/> until <see cref="AutherDevServer.Release"/>.</summary>
    Held,

    /// <summary>The endpoint answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed.</summary>
    Failed,
}
