using System.Text.Json;

namespace App.Api.Errors;

/// <summary>
/// A request value that cannot be stored; answered 400 with <see cref="Field"/> as the field error's key.
/// Thrown while reading a JSON body, it learns its field from the path System.Text.Json fills in.
/// </summary>
public sealed class UnstorableTextException(string message, string? fieldName = null) : JsonException(message)
{
    public string Field => fieldName ?? FieldOf(Path);

    /// <summary><c>$.items[2].name</c> becomes <c>items[2].name</c>, as validation errors name fields.</summary>
    private static string FieldOf(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
