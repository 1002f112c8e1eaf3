using System.Text.Json.Serialization;

namespace Auther.Dev.Users;

/// <summary>A user as better-auth serialises it (camelCase JSON, ISO times with milliseconds).</summary>
public sealed record UserAccount
{
    public required string Id { get; init; }
    public required string Email { get; init; }
    public required string Name { get; init; }
    public bool EmailVerified { get; init; }
    public string? Image { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string Role { get; init; } = "user";
    public bool Banned { get; init; }
    public string? BanReason { get; init; }
    public DateTimeOffset? BanExpires { get; init; }
    /// <summary>Only with better-auth's username plugin; left out of the JSON when unset.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Username { get; init; }
}
