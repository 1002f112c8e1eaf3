using System.Text.Json;

namespace App.Api.Webhooks;

/// <summary>
/// <c>{"id":"evt_…","type":"user.created","timestamp":1767225600123,"data":{…}}</c>, plus deployed Auther's
/// <c>origin</c>. <see cref="Timestamp"/> (milliseconds) is the ordering key.
/// </summary>
public sealed record WebhookEnvelope(string Id, string Type, long Timestamp, JsonElement Data, string? Origin)
{
    public DateTimeOffset OccurredAt => DateTimeOffset.FromUnixTimeMilliseconds(Timestamp);
}
