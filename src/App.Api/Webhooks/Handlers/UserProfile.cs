using System.Text.Json;
using NpgsqlTypes;

namespace App.Api.Webhooks.Handlers;

/// <summary>
/// The shadow-row fields a <c>user.created</c> / <c>user.updated</c> carries. The two payload shapes
/// differ: a plain profile update has no <c>image</c>, <c>role</c> or ban fields, while an admin edit has
/// them. A field that is absent leaves the column as it is; a field that is present (even null) sets it.
/// </summary>
internal sealed record UserProfile(string Id, IReadOnlyList<UserProfile.Field> Fields, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt)
{
    private static readonly (string Json, string Column, NpgsqlDbType Type, int MaxLength)[] Columns =
    [
        ("email", "email", NpgsqlDbType.Varchar, 320),
        ("name", "name", NpgsqlDbType.Varchar, 255),
        ("image", "image", NpgsqlDbType.Text, int.MaxValue),
        ("emailVerified", "email_verified", NpgsqlDbType.Boolean, 0),
        ("role", "role", NpgsqlDbType.Varchar, 255),
        ("banned", "banned", NpgsqlDbType.Boolean, 0),
        ("banReason", "ban_reason", NpgsqlDbType.Text, int.MaxValue),
        ("banExpires", "ban_expires", NpgsqlDbType.TimestampTz, 0),
    ];

    public static UserProfile From(JsonElement data)
    {
        var id = EventData.Required(data, "id");
        if (id.Length > App.Data.Users.User.IdMaxLength)
        {
            throw new WebhookPayloadException("The user id is longer than 255 characters.");
        }

        var fields = new List<Field>(Columns.Length);
        foreach (var (json, column, type, maxLength) in Columns)
        {
            if (!data.TryGetProperty(json, out var value))
            {
                continue;
            }

            object? converted = type switch
            {
                NpgsqlDbType.Boolean => EventData.AsBool(value),
                NpgsqlDbType.TimestampTz => EventData.AsTime(value),
                _ => EventData.AsString(value) is { } text && text.Length > maxLength
                    ? throw new WebhookPayloadException($"The user's '{json}' is longer than {maxLength} characters.")
                    : EventData.AsString(value),
            };
            fields.Add(new Field(column, converted, type));
        }

        return new UserProfile(id, fields, EventData.Time(data, "createdAt"), EventData.Time(data, "updatedAt"));
    }

    public readonly record struct Field(string Column, object? Value, NpgsqlDbType Type);
}
