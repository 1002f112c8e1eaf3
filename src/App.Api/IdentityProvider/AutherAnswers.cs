using System.Net.Http.Json;
using System.Text.Json;
using App.Api.StorableText;

namespace App.Api.IdentityProvider;

/// <summary>
/// Reads a successful answer from Auther. A 200 the app cannot use (not JSON, a charset other than UTF-8, a
/// missing or null <c>user</c> or <c>allowed</c>) is Auther failing, not the app: it answers 502 with a problem
/// that says what may already have happened in Auther, never a 500.
/// </summary>
public static class AutherAnswers
{
    /// <summary>
    /// Web names, and nulls refused where the model says a value is required (<c>{"user":null}</c>); properties
    /// marked <c>[JsonRequired]</c> must be present (<c>{}</c>).
    /// </summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { RespectNullableAnnotations = true };

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, string call, ILogger logger, CancellationToken cancellationToken)
        where T : class
    {
        string reason;
        if (!JsonCharset.IsUtf8(response.Content.Headers.ContentType?.CharSet))
        {
            reason = $"charset '{response.Content.Headers.ContentType?.CharSet}' is not UTF-8";
        }
        else
        {
            try
            {
                var answer = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
                if (answer is not null && Missing(answer) is null)
                {
                    return answer;
                }

                reason = answer is null ? "the body is empty or null" : Missing(answer)!;
            }
            catch (JsonException ex)
            {
                reason = ex.Message;
            }
        }

        logger.LogWarning("Auther answered {Call} with {Status} but a body this app cannot read ({Reason})", call, (int)response.StatusCode, reason);
        throw new AutherRejectedException(StatusCodes.Status502BadGateway, "Unexpected answer from the identity provider",
            Detail(call, reason), "auther_answer_unreadable", null);
    }

    /// <summary>What is left to check once the shape is read: a user without an id is no user.</summary>
    private static string? Missing<T>(T answer) => answer switch
    {
        AutherUserEnvelope { User.Id: { Length: 0 } } or SignUpResult { User.Id: { Length: 0 } } => "the user has an empty id",
        AutherUserPage page when page.Users.Any(u => u is null || u.Id.Length == 0) => "a listed user has no id",
        _ => null,
    };

    /// <summary>Auther answered 200: whatever the call asked for may have happened there, and the caller must know.</summary>
    private static string Detail(string call, string reason) => call switch
    {
        "sign-up" => $"Auther's answer to the sign-up could not be read ({reason}). The account may exist: try signing in (or reset the password) before signing up again.",
        "ban-user" or "unban-user" => $"Auther's answer to {call} could not be read ({reason}); the change may have been made in Auther. Check the user there, or try again.",
        "create-user" => $"Auther's answer to create-user could not be read ({reason}); the user may exist in Auther.",
        _ => $"Auther's answer to {call} could not be read ({reason}).",
    };

    /// <summary>Auther's error code and message: better-auth answers {"code","message"}; Auther's own routes {"error","message"}.</summary>
    public static (string? Code, string? Message) ParseError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            string? Read(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) &&
                                         value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return (Read("code") ?? Read("error"), Read("message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>" BANNED_USER: You have been banned", as much of it as Auther sent, for a log line or a health detail.</summary>
    public static string Reason(string? code, string? message) =>
        (code, message) switch
        {
            (null, null) => "",
            (null, _) => $": {message}",
            (_, null) => $" {code}",
            _ => $" {code}: {message}",
        };
}
