namespace App.Api.ShadowUsers;

/// <summary>
/// What one of Auther's <c>user.created</c> / <c>user.updated</c> events says about a user, at <see cref="OccurredAt"/>
/// (its envelope timestamp). The two payload shapes differ: a plain profile update has no image, role or ban fields,
/// an admin edit has them; a field absent from the event is absent here and leaves the row's value alone.
/// </summary>
public sealed record UserEvent(
    string Id,
    DateTimeOffset OccurredAt,
    bool Created,
    IReadOnlyDictionary<UserField, object?> Fields,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);

/// <summary>The shadow-row fields an event may carry. Values: string, bool, or DateTimeOffset (ban expiry), or null.</summary>
public enum UserField
{
    Email,
    Name,
    Image,
    EmailVerified,
    Role,
    Banned,
    BanReason,
    BanExpires,
}
