using System.Text.Json;

namespace Auther.Dev.Permissions;

/// <summary>The body of <c>POST /api/auth/check-permission</c>.</summary>
public sealed record PermissionCheckBody
{
    public string? EntityType { get; init; }
    public string? EntityId { get; init; }
    public string? Permission { get; init; }
    public PermissionSubject? Subject { get; init; }
    public PermissionResource? Resource { get; init; }
}

/// <summary>Who asks: <c>{"type":"user","id":"..."}</c>.</summary>
public sealed record PermissionSubject(string? Type, string? Id);

/// <summary>What is asked about, with its runtime attributes (amount, status, owner...).</summary>
public sealed record PermissionResource(string? Id, string? Type, Dictionary<string, JsonElement>? Attributes);
