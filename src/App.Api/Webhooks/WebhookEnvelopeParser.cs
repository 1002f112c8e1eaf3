using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace App.Api.Webhooks;

/// <summary>
/// Reads the envelope from the raw body, JSON or (native form-encoded deliveries) form fields with
/// <c>data</c> as a JSON string. The body decides: JSON envelopes start with <c>{</c>, form bodies cannot,
/// so a stored payload replays without knowing the request's content type.
/// </summary>
public static class WebhookEnvelopeParser
{
    // Below this a timestamp is taken as seconds (a milliseconds value this small would be 1973).
    private const long SecondsThreshold = 100_000_000_000;

    public static WebhookEnvelope Parse(ReadOnlyMemory<byte> body)
    {
        var trimmed = body.Span.TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && trimmed[0] == (byte)'{' ? ParseJson(body) : ParseForm(body);
    }

    private static WebhookEnvelope ParseJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
                ? d.Clone()
                : throw new WebhookPayloadException("The envelope has no 'data' object.");
            return new WebhookEnvelope(
                RequiredString(root, "id"),
                RequiredString(root, "type"),
                Timestamp(root.TryGetProperty("timestamp", out var t) ? t : default),
                data,
                root.TryGetProperty("origin", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null);
        }
        catch (JsonException)
        {
            throw new WebhookPayloadException("The body is not valid JSON.");
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json will not unescape a lone surrogate (\uD800) in the envelope's own strings.
            throw new WebhookPayloadException("The envelope contains text that is not valid Unicode.");
        }
    }

    private static WebhookEnvelope ParseForm(ReadOnlyMemory<byte> body)
    {
        string text;
        try
        {
            text = new UTF8Encoding(
                // Stryker disable once Boolean: the byte order mark flag only matters when encoding; this encoding only decodes.
                encoderShouldEmitUTF8Identifier: false,
                throwOnInvalidBytes: true).GetString(body.Span);
        }
        catch (DecoderFallbackException)
        {
            throw new WebhookPayloadException("The body is neither a JSON envelope nor UTF-8 form fields.");
        }

        var fields = QueryHelpers.ParseQuery(text);
        string Field(string name) =>
            fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString()
                : throw new WebhookPayloadException($"The body is neither a JSON envelope nor form fields with '{name}'.");

        JsonElement data;
        try
        {
            using var document = JsonDocument.Parse(Field("data"));
            data = document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new WebhookPayloadException("The form field 'data' is not a JSON object.");
        }
        catch (JsonException)
        {
            throw new WebhookPayloadException("The form field 'data' is not valid JSON.");
        }

        var origin = fields.TryGetValue("origin", out var o) ? o.ToString() : null;
        return new WebhookEnvelope(Field("id"), Field("type"), Normalise(ParseLong(Field("timestamp"))), data, string.IsNullOrEmpty(origin) ? null : origin);
    }

    private static string RequiredString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw new WebhookPayloadException($"The envelope has no '{name}' string.");

    private static long Timestamp(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var number) => Normalise(number),
        JsonValueKind.String => Normalise(ParseLong(value.GetString())),
        _ => throw new WebhookPayloadException("The envelope has no 'timestamp' in milliseconds."),
    };

    private static long ParseLong(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new WebhookPayloadException("The envelope has no 'timestamp' in milliseconds.");

    private static long Normalise(long timestamp) => timestamp switch
    {
        <= 0 => throw new WebhookPayloadException("The envelope's 'timestamp' is not a positive number."),
        < SecondsThreshold => timestamp * 1000,
        > SecondsThreshold * 1000 => throw new WebhookPayloadException("The envelope's 'timestamp' is out of range."),
        _ => timestamp,
    };
}
