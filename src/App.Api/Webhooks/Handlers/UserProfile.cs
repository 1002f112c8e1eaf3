using System.Text.Json;
using App.Api.ShadowUsers;
using App.Data;

namespace App.Api.Webhooks.Handlers;

/// <summary>
/// Reads the shadow-row fields a <c>user.created</c> / <c>user.updated</c> carries into a <see cref="UserEvent"/>.
/// The two payload shapes differ: a plain profile update has no <c>image</c>, <c>role</c> or ban fields, while an
/// admin edit has them. A field that is absent stays absent; one that is present (even null) is passed on. Text
/// longer than its column is content that can never be applied: the event is rejected.
/// </summary>
internal static class UserProfile
{
    private enum Kind
    {
        Text,
        Boolean,
        Time,
    }

    private static readonly (string Json, UserField Field, Kind Kind, int MaxLength)[] Fields =
    [
        ("email", UserField.Email, Kind.Text, TextLimits.Email),
        ("name", UserField.Name, Kind.Text, TextLimits.PersonName),
        ("image", UserField.Image, Kind.Text, int.MaxValue),
        ("emailVerified", UserField.EmailVerified, Kind.Boolean, 0),
        ("role", UserField.Role, Kind.Text, TextLimits.Identifier),
        ("banned", UserField.Banned, Kind.Boolean, 0),
        ("banReason", UserField.BanReason, Kind.Text, int.MaxValue),
        ("banExpires", UserField.BanExpires, Kind.Time, 0),
    ];

    public static UserEvent From(JsonElement data, DateTimeOffset occurredAt, bool created)
    {
        var id = EventData.Required(data, "id");
        if (id.Length > App.Data.Users.User.IdMaxLength)
        {
            throw new WebhookPayloadException($"The user id is longer than {App.Data.Users.User.IdMaxLength} characters.");
        }

        var fields = new Dictionary<UserField, object?>(Fields.Length);
        foreach (var (json, field, kind, maxLength) in Fields)
        {
            if (!data.TryGetProperty(json, out var value))
            {
                continue;
            }

            fields[field] = kind switch
            {
                Kind.Boolean => EventData.AsBool(value),
                Kind.Time => EventData.AsTime(value),
                _ => EventData.AsString(value) is { } text && text.Length > maxLength
                    ? throw new WebhookPayloadException($"The user's '{json}' is longer than {maxLength} characters.")
                    : EventData.AsString(value),
            };
        }

        return new UserEvent(id, occurredAt, created, fields, EventData.Time(data, "createdAt"), EventData.Time(data, "updatedAt"));
    }
}
