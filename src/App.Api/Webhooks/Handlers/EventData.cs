using System.Globalization;
using System.Text.Json;

namespace App.Api.Webhooks.Handlers;

/// <summary>
/// Reading <c>data</c> fields the way both Auther sources send them: dates as ISO strings (better-auth
/// serialises Date) or epoch milliseconds, booleans possibly null. A missing required field is a
/// <see cref="WebhookPayloadException"/> (400, recorded as rejected).
/// </summary>
internal static class EventData
{
    public static string Required(JsonElement data, string name) =>
        String(data, name) is { Length: > 0 } value
            ? value
            : throw new WebhookPayloadException($"The event's data has no '{name}'.");

    /// <summary>The field's value, or null when it is absent or null.</summary>
    public static string? String(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) ? AsString(value) : null;

    public static bool Has(JsonElement data, string name) => data.TryGetProperty(name, out _);

    public static string? AsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new WebhookPayloadException("A data field that should be text is an object or an array."),
    };

    public static bool AsBool(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False or JsonValueKind.Null => false,
        JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
        _ => throw new WebhookPayloadException("A data field that should be a boolean is not one."),
    };

    private const long MinEpochMs = -62_135_596_800_000;
    private const long MaxEpochMs = 253_402_300_799_999;

    public static DateTimeOffset? AsTime(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Number when value.TryGetInt64(out var ms) => ms is >= MinEpochMs and <= MaxEpochMs
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw new WebhookPayloadException("A date field is out of range (epoch milliseconds between years 1 and 9999)."),
        JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            => parsed.ToUniversalTime(),
        _ => throw new WebhookPayloadException("A data field that should be a date is neither an ISO date nor epoch milliseconds."),
    };

    public static DateTimeOffset? Time(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) ? AsTime(value) : null;
}
