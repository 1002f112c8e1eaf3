using System.Text.Json;

namespace App.TestSupport.Webhooks;

/// <summary>
/// An Auther event as docs/auther-contract.md (Webhooks) describes it:
/// <c>{"id":"evt_…","type":"…","timestamp":&lt;ms&gt;,"data":{…},"origin":"auther"}</c>.
/// </summary>
public sealed record AutherEvent(string Id, string Type, long Timestamp, object Data, string? Origin = "auther")
{
    public static AutherEvent Create(string type, object data, DateTimeOffset? at = null, string? id = null) =>
        new(id ?? NewId(), type, (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds(), data);

    /// <summary>Deployed Auther's id shape: <c>evt_</c> + 32 hex.</summary>
    public static string NewId() => "evt_" + Guid.NewGuid().ToString("N");

    public DateTimeOffset OccurredAt => DateTimeOffset.FromUnixTimeMilliseconds(Timestamp);

    public string DataJson => JsonSerializer.Serialize(Data);

    public string ToJson() => Origin is null
        ? JsonSerializer.Serialize(new { id = Id, type = Type, timestamp = Timestamp, data = Data })
        : JsonSerializer.Serialize(new { id = Id, type = Type, timestamp = Timestamp, data = Data, origin = Origin });
}
