using System.Text.Json;

namespace Auther.Dev.Json;

/// <summary>Reads a request body without letting a malformed one become an exception page: callers answer in Auther's own error shape.</summary>
internal static class JsonBody
{
    public static async Task<(T? Value, string? Error)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        var (value, error, empty) = await ParseAsync<T>(request);
        return empty ? (null, "Request body is required") : (value, error);
    }

    /// <summary>Like <see cref="ReadAsync{T}"/>, but an empty body is no error: the value is then <c>null</c>.</summary>
    public static async Task<(T? Value, string? Error)> ReadOptionalAsync<T>(HttpRequest request)
        where T : class
    {
        var (value, error, _) = await ParseAsync<T>(request);
        return (value, error);
    }

    private static async Task<(T? Value, string? Error, bool Empty)> ParseAsync<T>(HttpRequest request)
        where T : class
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null, true);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(text, AutherJson.Options);
            return value is null ? (null, "Request body must be a JSON object", false) : (value, null, false);
        }
        catch (JsonException ex)
        {
            return (null, ex.Message, false);
        }
    }
}
