using System.Text.Json.Serialization;

namespace App.Api.IdentityProvider;

/// <summary>A user as Auther's admin and sign-up routes return it (better-auth's user shape).</summary>
public sealed record AutherUser(
    [property: JsonRequired] string Id,
    string? Email,
    string? Name,
    string? Image,
    bool EmailVerified,
    string? Role,
    bool? Banned,
    string? BanReason,
    [property: JsonConverter(typeof(FlexibleTimestampConverter))] DateTimeOffset? BanExpires,
    [property: JsonConverter(typeof(FlexibleTimestampConverter))] DateTimeOffset? CreatedAt,
    [property: JsonConverter(typeof(FlexibleTimestampConverter))] DateTimeOffset? UpdatedAt)
{
    /// <summary>When this state was true in Auther: its last change (every ban, role or profile change moves <c>updatedAt</c>).</summary>
    [JsonIgnore]
    public DateTimeOffset ChangedAt => UpdatedAt ?? CreatedAt ?? DateTimeOffset.MinValue;
}

// Required and non-null (AutherAnswers reads with RespectNullableAnnotations): {} or {"user":null} is garbage, not "no user".
public sealed record AutherUserEnvelope([property: JsonRequired] AutherUser User);

public sealed record AutherUserPage([property: JsonRequired] IReadOnlyList<AutherUser> Users, int Total);

public sealed record SignUpResult([property: JsonRequired] AutherUser User);

/// <summary>The ABAC question, in the shape docs/decisions.md fixes for /check-permission.</summary>
public sealed record CheckPermissionRequest(
    string EntityType,
    string EntityId,
    string Permission,
    CheckPermissionSubject Subject,
    CheckPermissionResource Resource);

public sealed record CheckPermissionSubject(string Type, string Id);

public sealed record CheckPermissionResource(string Id, string Type, IReadOnlyDictionary<string, object?> Attributes);

/// <summary>Without <c>allowed</c> there is no decision (a missing bool would read as "denied" and hide the fault).</summary>
public sealed record CheckPermissionResponse([property: JsonRequired] bool Allowed);

/// <summary>Body of <c>create-user</c> for the bulk import: keeps the existing id through <c>data.id</c>.</summary>
public sealed record CreateUserRequest(string Email, string Password, string Name, string? Role, CreateUserData Data);

public sealed record CreateUserData(string Id, bool EmailVerified);
