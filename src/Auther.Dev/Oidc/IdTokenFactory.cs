using System.Text.Json.Nodes;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Tokens;
using Auther.Dev.Users;

namespace Auther.Dev.Oidc;

/// <summary>
/// The id_token, by mode. Deployed: as better-auth's oidc plugin signs it through the jwt plugin (claims in its
/// order): <c>iat</c> in MILLISECONDS, <c>sub</c>, <c>aud</c> = the client id, <c>nonce</c>, <c>acr</c>, profile
/// claims (<c>given_name</c>, <c>family_name</c>, <c>name</c>, <c>profile</c> = the image, <c>updated_at</c>) and
/// email claims by scope, a 2-day <c>exp</c>, <c>iss</c> = the base URL (not the session JWT's issuer), no
/// <c>auth_time</c>, no <c>role</c>. Documented: a plain OIDC id_token from the issuer, times in seconds.
/// </summary>
internal sealed class IdTokenFactory(TokenMinter tokens, ServerInfo server, TimeProvider time)
{
    public static readonly TimeSpan DeployedLifetime = TimeSpan.FromDays(2);

    public string Create(UserAccount user, string clientId, IReadOnlyCollection<string> scopes, string? nonce, DateTimeOffset? authTime) =>
        tokens.Sign(server.Mode == AutherMode.Deployed ? Deployed(user, clientId, scopes, nonce) : Documented(user, clientId, scopes, nonce, authTime));

    /// <summary>The <c>iss</c> of id_tokens: deployed, Auther's base URL without a trailing slash; documented, the issuer.</summary>
    public static string Issuer(ServerInfo server) =>
        server.Mode == AutherMode.Deployed ? server.BaseUrl.GetLeftPart(UriPartial.Authority) : server.Issuer;

    private JsonObject Deployed(UserAccount user, string clientId, IReadOnlyCollection<string> scopes, string? nonce)
    {
        var now = time.GetUtcNow();
        var claims = new JsonObject { ["iat"] = now.ToUnixTimeMilliseconds(), ["sub"] = user.Id, ["aud"] = clientId };
        Add(claims, "nonce", nonce);
        claims["acr"] = "urn:mace:incommon:iap:silver";
        if (scopes.Contains("profile"))
        {
            var names = user.Name.Split(' ');
            claims["given_name"] = names[0];
            Add(claims, "family_name", names.Length > 1 ? names[1] : null);
            claims["name"] = user.Name;
            Add(claims, "profile", user.Image);
            claims["updated_at"] = AutherJson.Iso(user.UpdatedAt);
        }

        AddEmail(claims, user, scopes);
        claims["exp"] = (now + (server.OidcTokenLifetime ?? DeployedLifetime)).ToUnixTimeSeconds();
        claims["iss"] = Issuer(server);
        return claims;
    }

    private JsonObject Documented(UserAccount user, string clientId, IReadOnlyCollection<string> scopes, string? nonce, DateTimeOffset? authTime)
    {
        var now = time.GetUtcNow();
        var claims = new JsonObject
        {
            ["iss"] = Issuer(server),
            ["sub"] = user.Id,
            ["aud"] = clientId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + (server.OidcTokenLifetime ?? TokenMinter.DocumentedLifetime)).ToUnixTimeSeconds(),
            ["auth_time"] = (authTime ?? now).ToUnixTimeSeconds(),
        };
        Add(claims, "nonce", nonce);
        if (scopes.Contains("profile"))
        {
            claims["name"] = user.Name;
            Add(claims, "picture", user.Image);
        }

        AddEmail(claims, user, scopes);
        return claims;
    }

    private static void AddEmail(JsonObject claims, UserAccount user, IReadOnlyCollection<string> scopes)
    {
        if (scopes.Contains("email"))
        {
            claims["email"] = user.Email;
            claims["email_verified"] = user.EmailVerified;
        }
    }

    private static void Add(JsonObject claims, string name, string? value)
    {
        if (value is not null)
        {
            claims[name] = value;
        }
    }
}
