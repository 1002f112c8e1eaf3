using System.Text.Json;
using System.Text.Json.Serialization;
using App.Api.Errors;

namespace App.Api.StorableText;

/// <summary>
/// Every string read from a JSON body passes here, so no endpoint (including future ones) can hand
/// PostgreSQL a NUL or an unpaired surrogate: the request is refused with a field error instead.
/// Lengths stay with each request's own validation, which knows its columns.
/// </summary>
public sealed class StorableStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Checked(ref reader) : throw new JsonException($"Expected a string, got {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(ref reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string Checked(ref Utf8JsonReader reader)
    {
        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to unescape a lone surrogate (\uD800) into a string.
            throw new UnstorableTextException("Must be valid Unicode text (contains an unpaired surrogate).");
        }

        return InputText.Problem(value) is { } problem ? throw new UnstorableTextException(problem) : value;
    }
}
