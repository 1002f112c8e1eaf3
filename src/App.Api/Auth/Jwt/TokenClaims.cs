using System.Text.Json;
using App.Api.Auth.Permissions;
using App.Api.StorableText;
using App.Data;
using Microsoft.IdentityModel.JsonWebTokens;

namespace App.Api.Auth.Jwt;

/// <summary>
/// Reads Auther's claims into a <see cref="Principal"/>, accepting both the documented shape
/// (<c>email_verified</c>, <c>permissions</c>, seconds in <c>iat</c>) and the deployed one
/// (<c>emailVerified</c>, no permissions, milliseconds in <c>iat</c>).
/// </summary>
public static class TokenClaims
{
    /// <summary>Above this, an <c>iat</c> is in milliseconds (year 5138 in seconds).</summary>
    public const long MillisecondThreshold = 100_000_000_000;

    /// <summary>9999-12-31T23:59:59Z, the last second a DateTimeOffset holds.</summary>
    private const long MaxUnixSeconds = 253_402_300_799;

    public static Principal ToPrincipal(JsonWebToken token, PermissionRegistryOptions registry)
    {
        using var payload = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        var root = payload.RootElement;

        var subject = String(root, "sub");
        if (string.IsNullOrEmpty(subject) || subject.Length > TextLimits.Identifier || InputText.Problem(subject) is not null)
        {
            // An id cannot be repaired without becoming someone else's: refuse the token.
            throw new InvalidClaimsException("The token's subject is missing, too long or not storable text.");
        }

        // Checked for its type only: the token handler judges nbf itself.
        NumericDate(root, "nbf");
        var apiKeyId = String(root, "apiKeyId");
        var roles = Principal.ParseRoles(String(root, "role"));
        var permissions = PermissionMap(root, "permissions");
        var abac = PermissionMap(root, "abac_required");
        var granted = Principal.Flatten(permissions);
        granted.UnionWith(registry.ForRoles(roles));

        return new Principal
        {
            UserId = subject,
            // A profile Auther accepted must never lock its user out: cleaned to what the columns hold.
            Email = InputText.Clean(String(root, "email"), TextLimits.Email),
            Name = InputText.Clean(String(root, "name"), TextLimits.PersonName),
            EmailVerified = Bool(root, "email_verified") ?? Bool(root, "emailVerified") ?? false,
            Roles = roles,
            Permissions = permissions,
            AbacRequired = abac,
            GrantedPermissions = granted,
            AbacPermissions = Principal.Flatten(abac),
            Impersonator = InputText.Clean(String(root, "impersonator"), TextLimits.Identifier),
            ApiKeyId = apiKeyId,
            Method = apiKeyId is null ? AuthMethod.Jwt : AuthMethod.ApiKey,
            TokenId = TokenId(root),
            IssuedAt = NumericDate(root, "iat"),
            ExpiresAt = NumericDate(root, "exp"),
        };
    }

    /// <summary>
    /// A NumericDate claim (RFC 7519: a JSON number of seconds), in seconds or milliseconds, whichever Auther sent;
    /// null when absent. A string, a negative or an out-of-range value refuses the token: read as "absent", it
    /// skipped the lifetime cap (a string <c>exp</c> is still honoured by the token handler).
    /// </summary>
    public static DateTimeOffset? NumericDate(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            throw new InvalidClaimsException($"The '{name}' claim is not a number of seconds.");
        }

        var seconds = number > MillisecondThreshold ? number / 1000 : number;
        return seconds is < 0 or > MaxUnixSeconds
            ? throw new InvalidClaimsException($"The '{name}' claim is not a date between 1970 and 9999.")
            : DateTimeOffset.FromUnixTimeSeconds((long)seconds);
    }

    /// <summary>
    /// The revocation list keys on the <c>jti</c> and stores it in a <see cref="TextLimits.Identifier"/>-character column: a longer or
    /// unstorable one could never be revoked by id, so the token is refused (Auther's are UUIDs).
    /// </summary>
    private static string? TokenId(JsonElement root)
    {
        var jti = String(root, "jti");
        return jti is not null && (jti.Length > TextLimits.Identifier || InputText.Problem(jti) is not null)
            ? throw new InvalidClaimsException($"The token's jti is longer than {TextLimits.Identifier} characters or not storable text.")
            : jti;
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> PermissionMap(JsonElement root, string name)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return map;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidClaimsException($"The '{name}' claim must be an object of permission lists.");
        }

        foreach (var entity in value.EnumerateObject())
        {
            if (entity.Value.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidClaimsException($"The '{name}' claim must be an object of permission lists.");
            }

            map[entity.Name] = entity.Value.EnumerateArray()
                .Select(a => a.ValueKind == JsonValueKind.String ? a.GetString()! : throw new InvalidClaimsException($"The '{name}' claim must list strings."))
                .ToList();
        }

        return map;
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool? Bool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String => bool.TryParse(value.GetString(), out var parsed) && parsed,
                _ => null,
            }
            : null;
}

/// <summary>A correctly signed token whose claims do not have the contract's shape.</summary>
public sealed class InvalidClaimsException(string message) : Exception(message);
