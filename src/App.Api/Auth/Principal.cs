using App.Api.Auth.Permissions;

namespace App.Api.Auth;

/// <summary>
/// Who is calling, whatever proved it (Auther JWT, machine token, legacy session). Everything downstream
/// of authentication reads this; handlers take it as a parameter. Its permission set is the union of the
/// token's <c>permissions</c> (flattened to <c>entity:action</c>) and the registry's mapping of the caller's roles.
/// </summary>
public sealed class Principal
{
    public required string UserId { get; init; }
    public string? Email { get; init; }
    public string? Name { get; init; }
    public bool EmailVerified { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Permissions { get; init; } = Empty;
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AbacRequired { get; init; } = Empty;
    public string? Impersonator { get; init; }
    public string? ApiKeyId { get; init; }
    public AuthMethod Method { get; init; }

    /// <summary>The token's jti (deny-list key), when it has one.</summary>
    public string? TokenId { get; init; }

    /// <summary>The token's iat, normalised to seconds precision whether Auther sent seconds or milliseconds.</summary>
    public DateTimeOffset? IssuedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Token permissions and role-mapped permissions, flattened.</summary>
    public IReadOnlySet<string> GrantedPermissions { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> AbacPermissions { get; init; } = new HashSet<string>();

    /// <summary>
    /// <see cref="GrantedPermissions"/> in ordinal order, sorted once: a verified token's principal is cached and
    /// read by every request that carries the token.
    /// </summary>
    public IReadOnlyList<string> SortedGrantedPermissions => _sortedGrantedPermissions ??= GrantedPermissions.Order(StringComparer.Ordinal).ToArray();

    private IReadOnlyList<string>? _sortedGrantedPermissions;

    public bool IsMachine => Method == AuthMethod.ApiKey;

    public bool Has(string permission) => GrantedPermissions.Contains(permission);

    /// <summary>Granted, but its use needs a live /check-permission call with the resource's attributes.</summary>
    public bool RequiresAbac(string permission) => AbacPermissions.Contains(permission);

    public static IReadOnlyList<string> ParseRoles(string? roles) =>
        (roles ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// This principal with the shadow row's roles in place of the token's: the token's own permission map still
    /// counts, the permissions its role claim brought do not (a demoted admin's older token loses them).
    /// </summary>
    public Principal WithRoles(IReadOnlyList<string> roles, PermissionRegistryOptions registry)
    {
        var granted = Flatten(Permissions);
        granted.UnionWith(registry.ForRoles(roles));
        return new()
        {
            UserId = UserId, Email = Email, Name = Name, EmailVerified = EmailVerified, Roles = roles, Permissions = Permissions,
            AbacRequired = AbacRequired, Impersonator = Impersonator, ApiKeyId = ApiKeyId, Method = Method, TokenId = TokenId,
            IssuedAt = IssuedAt, ExpiresAt = ExpiresAt, AbacPermissions = AbacPermissions, GrantedPermissions = granted,
        };
    }

    /// <summary>Lets minimal-API handlers take <c>Principal principal</c> as a parameter.</summary>
    public static ValueTask<Principal?> BindAsync(HttpContext context) => ValueTask.FromResult(context.GetPrincipal());

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Empty = new Dictionary<string, IReadOnlyList<string>>();

    public static HashSet<string> Flatten(IReadOnlyDictionary<string, IReadOnlyList<string>> map) =>
        map.SelectMany(kv => kv.Value.Select(action => $"{kv.Key}:{action}")).ToHashSet(StringComparer.Ordinal);
}
