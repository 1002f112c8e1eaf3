using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Keys;
using Auther.Dev.Shared;
using Auther.Dev.Users;

namespace Auther.Dev.Tokens;

/// <summary>
/// Builds and signs access tokens the way Auther does: header <c>{"alg","kid"}</c> only (better-auth's jose
/// call sets nothing else), compact JWS, claims in the documented or deployed layout.
/// </summary>
internal sealed class TokenMinter(KeyRing keys, UserService users, ServerInfo server, TimeProvider time)
{
    public static readonly TimeSpan DocumentedLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan DeployedLifetime = TimeSpan.FromDays(2);

    public MintedToken Mint(TokenRequest request)
    {
        var key = request.Kid is null
            ? keys.Current
            : keys.Find(request.Kid) ?? throw new AutherDevException(404, "KEY_NOT_FOUND", $"No key with kid {request.Kid}.");
        var style = request.Style ?? server.DefaultStyle;
        var issuedAt = AutherJson.ToMilliseconds(request.IssuedAt ?? time.GetUtcNow());
        var expiresAt = issuedAt + (request.Lifetime ?? (style == TokenStyle.Deployed ? DeployedLifetime : DocumentedLifetime));

        var claims = style == TokenStyle.Deployed
            ? DeployedClaims(request, users.Find(request.UserId), issuedAt, expiresAt)
            : DocumentedClaims(request, users.Find(request.UserId), issuedAt, expiresAt);
        Apply(claims, request.ExtraClaims);

        var header = new JsonObject { ["alg"] = key.Algorithm.ToString(), ["kid"] = key.Kid };
        Apply(header, request.ExtraHeaders);
        return new MintedToken(SignWith(key, header, claims), key.Kid, expiresAt);
    }

    /// <summary>Signs a ready payload with the current key under <c>{alg, kid}</c>: the session JWT and the id_token build their own.</summary>
    public string Sign(JsonObject claims)
    {
        var key = keys.Current;
        return SignWith(key, new JsonObject { ["alg"] = key.Algorithm.ToString(), ["kid"] = key.Kid }, claims);
    }

    private static string SignWith(StoredKey key, JsonObject header, JsonObject claims)
    {
        var signingInput = $"{Encode(header)}.{Encode(claims)}";
        var signature = KeyMaterial.Sign(key, Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private JsonObject DocumentedClaims(TokenRequest request, UserAccount? user, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var claims = Registered(request, expiresAt);
        claims["iat"] = issuedAt.ToUnixTimeSeconds();
        var jti = request.OmitJti ? null : request.Jti ?? "tok_" + Ids.New(24);
        Add(claims, "jti", jti);
        AddProfile(claims, request, user, "email_verified");
        Add(claims, "permissions", request.Permissions);
        Add(claims, "abac_required", request.AbacRequired);
        Add(claims, "impersonator", request.Impersonator);
        AddMachine(claims, request);
        return claims;
    }

    private JsonObject DeployedClaims(TokenRequest request, UserAccount? user, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        // Deployed id_tokens carry iat in MILLISECONDS (docs/auther-contract.md, Tokens); the profile comes first as in better-auth's payload.
        var claims = new JsonObject { ["iat"] = issuedAt.ToUnixTimeMilliseconds() };
        AddProfile(claims, request, user, "emailVerified");
        Add(claims, "impersonator", request.Impersonator);
        AddMachine(claims, request);
        foreach (var (name, value) in Registered(request, expiresAt).ToList())
        {
            claims[name] = value?.DeepClone();
        }

        Add(claims, "jti", request.OmitJti ? null : request.Jti);
        return claims;
    }

    private JsonObject Registered(TokenRequest request, DateTimeOffset expiresAt) => new()
    {
        ["iss"] = request.Issuer ?? server.Issuer,
        ["aud"] = request.Audience ?? server.Audience,
        ["sub"] = request.UserId,
        ["exp"] = expiresAt.ToUnixTimeSeconds(),
    };

    private static void AddProfile(JsonObject claims, TokenRequest request, UserAccount? user, string emailVerifiedName)
    {
        var machine = request.ApiKeyId is not null;
        Add(claims, "email", request.Email ?? (machine ? null : user?.Email));
        Add(claims, "name", request.Name ?? (machine ? null : user?.Name));
        if (!machine || request.EmailVerified is not null)
        {
            claims[emailVerifiedName] = request.EmailVerified ?? user?.EmailVerified ?? true;
        }

        Add(claims, "role", request.Role ?? (machine ? null : user?.Role));
    }

    private static void AddMachine(JsonObject claims, TokenRequest request)
    {
        if (request.ApiKeyId is not null)
        {
            claims["apiKeyId"] = request.ApiKeyId;
            claims["scope"] = "api_key_exchange";
        }
    }

    private static void Add(JsonObject claims, string name, object? value)
    {
        if (value is not null)
        {
            claims[name] = JsonSerializer.SerializeToNode(value, AutherJson.Options);
        }
    }

    private static void Apply(JsonObject target, IReadOnlyDictionary<string, object?>? extra)
    {
        foreach (var (name, value) in extra ?? new Dictionary<string, object?>())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else
            {
                target[name] = JsonSerializer.SerializeToNode(value, AutherJson.Options);
            }
        }
    }

    private static string Encode(JsonObject json) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString(AutherJson.Options)));
}
