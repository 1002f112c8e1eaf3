using System.Text.Json;

namespace App.Api.Webhooks;

/// <summary>What a handler gets: the event, and a place for effects that must wait for the commit (a push cannot be rolled back).</summary>
public sealed class WebhookContext(WebhookEnvelope envelope)
{
    private List<Func<CancellationToken, Task>>? _afterCommit;

    public WebhookEnvelope Envelope { get; } = envelope;

    public JsonElement Data => Envelope.Data;

    /// <summary>The envelope timestamp: the ordering key of the event.</summary>
    public DateTimeOffset OccurredAt => Envelope.OccurredAt;

    public void AfterCommit(Func<CancellationToken, Task> action) => (_afterCommit ??= []).Add(action);

    internal IReadOnlyList<Func<CancellationToken, Task>> AfterCommitActions => _afterCommit ?? [];
}
