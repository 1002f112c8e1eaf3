using App.Api.Auth;
using App.Data.Users;

namespace App.Api.ShadowUsers;

/// <summary>An immutable in-memory copy of a shadow row, as served by the cache (and by GET /api/me).</summary>
public sealed record ShadowUser(
    string Id,
    string? Email,
    string? Name,
    string? Image,
    bool EmailVerified,
    string? Role,
    bool Banned,
    string? BanReason,
    DateTimeOffset? BanExpires,
    DateTimeOffset? TokensRevokedBefore,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset? MissingSince = null,
    DateTimeOffset? RoleSetAt = null)
{
    /// <summary>When this copy was read from the database (cache staleness is judged by it).</summary>
    public DateTimeOffset LoadedAt { get; init; }

    /// <summary>A ban with an expiry ends by itself at that time.</summary>
    public bool IsBannedAt(DateTimeOffset now) => Banned && (BanExpires is null || BanExpires > now);

    /// <summary>The row's role list (comma-separated in the column, as in Auther).</summary>
    public IReadOnlyList<string> Roles => Principal.ParseRoles(Role);

    /// <summary>
    /// Lets handlers take <c>ShadowUser user</c>, as they take <c>Principal</c>: the identity middleware has
    /// resolved the caller's row for this request before any handler runs.
    /// </summary>
    public static ValueTask<ShadowUser?> BindAsync(HttpContext context) => ValueTask.FromResult(context.Features.Get<ShadowUser>());

    public static ShadowUser From(User user, DateTimeOffset loadedAt) => new(
        user.Id, user.Email, user.Name, user.Image, user.EmailVerified, user.Role, user.Banned, user.BanReason,
        user.BanExpires, user.TokensRevokedBefore, user.CreatedAt, user.UpdatedAt, user.LastSeenAt, user.MissingSince, user.RoleSetAt)
    {
        LoadedAt = loadedAt,
    };
}
