using System.Text.Json;

namespace App.Api.Webhooks;

/// <summary>
/// <c>{"id":"evt_…","type":"user.created","timestamp":1767225600123,"data":{…}}</c>, plus deployed Auther's
/// <c>origin</c>. <see cref="Timestamp"/> (milliseconds) is the ordering key.
/// </summary>
public sealed record WebhookEnvelope(string Id, string Type, long Timestamp, JsonElement Data, string? Origin)
{
    public DateTimeOffset OccurredAt => DateTimeOffset.FromUnixTimeMilliseconds(Timestamp);

    /// <summary>
    /// The user the event is about, when it names one: <c>data.id</c> of a <c>user.*</c> event, the subject
    /// of a <c>grant.*</c> event when that is a user, <c>data.userId</c> of any other. The inbox records it
    /// so that deleting the user scrubs the stored payload. Null when absent or not a valid user id.
    /// </summary>
    public string? UserId => Type switch
    {
        _ when Type.StartsWith("user.", StringComparison.Ordinal) => Text("id"),
        _ when Type.StartsWith("grant.", StringComparison.Ordinal) => Text("subjectType") == "user" ? Text("subjectId") : null,
        _ => Text("userId"),
    };

    private string? Text(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && StringOf(value) is { Length: > 0 and <= App.Data.Users.User.IdMaxLength } text
            ? text
            : null;

    private static string? StringOf(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        // Stryker disable once Block: an emptied block becomes "return default;", which is this null.
        {
            // A lone surrogate: not a user id this app could hold.
            return null;
        }
    }
}
