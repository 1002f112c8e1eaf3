using System.Text.Json;
using App.Api.StorableText;
using App.Data;

namespace App.Api.Webhooks;

/// <summary>
/// A correctly signed event whose text PostgreSQL can never store (NUL, unpaired surrogates, an id longer
/// than its column) would fail on every retry: it is found before any handler runs and rejected, so Auther
/// stops retrying and the operator sees why.
/// </summary>
public static class WebhookContent
{
    public static string? Unstorable(WebhookMessage message) =>
        Check("message id", message.MessageId, TextLimits.Identifier)
        ?? Check("id", message.Envelope.Id, TextLimits.Identifier)
        ?? Check("type", message.Envelope.Type, int.MaxValue)
        ?? Walk(message.Envelope.Data, "data");

    private static string? Walk(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Check(path, Text(element), int.MaxValue);
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var problem = Check(path, property.Name, int.MaxValue) ?? Walk(property.Value, $"{path}.{property.Name}");
                    if (problem is not null)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Walk(item, $"{path}[{index++}]") is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string? Text(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json will not unescape a lone surrogate (\uD800) into a string.
            return "\uD800";
        }
    }

    private static string? Check(string field, string? value, int maxLength) => value switch
    {
        null => null,
        _ when InputText.Problem(value) is { } problem => $"'{field}' cannot be stored: {problem}",
        { Length: var length } when length > maxLength => $"'{field}' cannot be stored: longer than {maxLength} characters.",
        _ => null,
    };
}
