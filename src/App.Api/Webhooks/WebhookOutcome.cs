namespace App.Api.Webhooks;

/// <summary>What became of a delivery: the <c>outcome</c> tag of <c>webhook.received.count</c> and, where a row is kept, the inbox status.</summary>
public enum WebhookOutcome
{
    /// <summary>The event's effects were committed.</summary>
    Applied,

    /// <summary>Older than the state already applied (or a late event for a deleted user): acknowledged, nothing changed.</summary>
    Stale,

    /// <summary>An event type the app does not act on, or about a user it does not know: acknowledged.</summary>
    Ignored,

    /// <summary>The message id was already processed (or is being processed): acknowledged, applied once.</summary>
    Duplicate,

    /// <summary>Good signature, unusable content: 400, recorded.</summary>
    Rejected,

    /// <summary>Processing threw: 500 so Auther retries; recorded as failed, nothing of its effects kept.</summary>
    Failed,

    /// <summary>Missing or wrong signature, or a timestamp outside the window: 401, nothing stored.</summary>
    BadSignature,
}

public static class WebhookOutcomeNames
{
    public static string Name(this WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Applied => "applied",
        WebhookOutcome.Stale => "stale",
        WebhookOutcome.Ignored => "ignored",
        WebhookOutcome.Duplicate => "duplicate",
        WebhookOutcome.Rejected => "rejected",
        WebhookOutcome.Failed => "failed",
        _ => "bad_signature",
    };
}
