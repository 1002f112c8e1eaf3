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
public sealed record NotificationPreferenceItem(
    [property: Required, AllowedValues(NotificationTypes.NewDeviceSignIn, NotificationTypes.ExpenseSubmitted, NotificationTypes.ExpenseApproved,
        NotificationTypes.ExpenseRejected, NotificationTypes.MemberAdded, ErrorMessage = NotificationTypes.Rule)]
    string? Type,
    bool? InApp,
    bool? Push,
    bool? Email);

/// <summary>Each item's type is checked by its attributes; a type listed twice is refused here, once they pass.</summary>
public sealed record NotificationPreferencesDocument(
    [property: Required(ErrorMessage = "Required: a list of {{ type, inApp, push, email }}."), MinLength(1, ErrorMessage = "Required: a list of {{ type, inApp, push, email }}.")]
    IReadOnlyList<NotificationPreferenceItem>? Preferences) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var items = Preferences ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items.Take(i).Any(earlier => earlier.Type == items[i].Type))
            {
                yield return new ValidationResult("Listed twice.", [$"preferences[{i}].type"]);
            }
        }
    }
}

/// <summary>A device's push token; <c>platform</c> is ios, android or web.</summary>
public sealed record RegisterPushTokenRequest(
    [property: Required, StringLength(RegisterPushTokenRequest.TokenMaxLength)] string? Token,
    [property: Required, AllowedValues(RegisterPushTokenRequest.Ios, RegisterPushTokenRequest.Android, RegisterPushTokenRequest.Web, ErrorMessage = "One of: ios, android, web.")] string? Platform)
{
    public const int TokenMaxLength = 4096;
    public const string Ios = "ios";
    public const string Android = "android";
    public const string Web = "web";

    /// <summary>The values the attribute allows, for the OpenAPI document.</summary>
    public static readonly IReadOnlyList<string> Platforms = [Ios, Android, Web];
}

public sealed record PushTokenResponse(Guid Id, string Platform, DateTimeOffset CreatedAt);
