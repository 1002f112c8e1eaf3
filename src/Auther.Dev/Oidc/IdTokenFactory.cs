using System.Text.Json.Nodes;
using Auther.Dev.Hosting;
using Auther.Dev.Tokens;
using Auther.Dev.Users;

namespace Auther.Dev.Oidc;

/// <summary>
/// The id_token deployed Auther's oidc plugin signs through the jwt plugin: <c>iss</c> = the base URL (not the
/// session JWT's issuer), <c>aud</c> = the client id, <c>iat</c> and <c>auth_time</c> in MILLISECONDS, a 2-day
/// <c>exp</c>, profile and email claims by scope, and no <c>role</c>.
/// </summary>
internal sealed class IdTokenFactory(TokenMinter tokens, ServerInfo server, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(2);

    public string Create(AutherUser user, string clientId, IReadOnlyCollection<string> scopes, string? nonce, DateTimeOffset? authTime)
    {
        var now = time.GetUtcNow();
        var claims = new JsonObject();
        if (scopes.Contains("profile"))
        {
            var names = user.Name.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            claims["name"] = user.Name;
            claims["picture"] = user.Image;
            claims["given_name"] = names.FirstOrDefault() ?? "";
            claims["family_name"] = names.Length > 1 ? names[1] : "";
        }

        if (scopes.Contains("email"))
        {
            claims["email"] = user.Email;
            claims["email_verified"] = user.EmailVerified;
        }

        claims["sub"] = user.Id;
        claims["aud"] = clientId;
        claims["iat"] = now.ToUnixTimeMilliseconds();
        claims["auth_time"] = (authTime ?? now).ToUnixTimeMilliseconds();
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        claims["acr"] = "urn:mace:incommon:iap:silver";
        claims["iss"] = Issuer(server);
        claims["exp"] = (now + Lifetime).ToUnixTimeSeconds();
        return tokens.Sign(claims);
    }

    /// <summary>Deployed Auther's id_token issuer: its base URL, without a trailing slash.</summary>
    public static string Issuer(ServerInfo server) => server.BaseUrl.GetLeftPart(UriPartial.Authority);
}
