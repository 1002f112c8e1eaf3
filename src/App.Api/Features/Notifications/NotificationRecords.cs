using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using App.Data.Notifications;

namespace App.Api.Features.Notifications;

/// <param name="Data">The notification's free-form JSON, as stored.</param>
public sealed record NotificationResponse(
    Guid Id, string Type, string Title, string? Body, JsonElement? Data, Guid? OrganizationId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public static NotificationResponse From(Notification n) => new(
        n.Id, n.Type, n.Title, n.Body, n.Data is null ? null : JsonSerializer.Deserialize<JsonElement>(n.Data), n.OrganizationId, n.CreatedAt, n.ReadAt);
}

public sealed record MarkAllReadResponse(int Updated);

/// <summary>Channels for one notification type; on a PUT a flag left out keeps its current value.</summary>
public sealed record NotificationPreferenceItem([property: Required] string? Type, bool? InApp, bool? Push, bool? Email);

public sealed record NotificationPreferencesDocument([property: Required] IReadOnlyList<NotificationPreferenceItem>? Preferences);

/// <summary>A device's push token; <c>platform</c> is ios, android or web.</summary>
public sealed record RegisterPushTokenRequest([property: Required] string? Token, [property: Required] string? Platform)
{
    public const int TokenMaxLength = 4096;
    public static readonly IReadOnlyList<string> Platforms = ["ios", "android", "web"];

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Token) || Token.Length > TokenMaxLength)
        {
            errors["token"] = [$"Required, at most {TokenMaxLength} characters."];
        }

        if (Platform is null || !Platforms.Contains(Platform))
        {
            errors["platform"] = [$"One of: {string.Join(", ", Platforms)}."];
        }

        return errors;
    }
}

public sealed record PushTokenResponse(Guid Id, string Platform, DateTimeOffset CreatedAt);
