using System.Text.Json;

namespace Auther.Dev.Json;

/// <summary>Reads a request body without letting a malformed one become an exception page: callers answer in Auther's own error shape.</summary>
internal static class JsonBody
{
    public static async Task<(T? Value, string? Error)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, AutherJson.Options, request.HttpContext.RequestAborted);
            return value is null ? (null, "Request body is required") : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ex.Message);
        }
    }
}
