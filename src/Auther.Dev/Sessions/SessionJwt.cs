using System.Text.Json;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Tokens;
using Auther.Dev.Users;

namespace Auther.Dev.Sessions;

/// <summary>
/// The JWT better-auth's jwt plugin hands out in <c>set-auth-jwt</c>: the whole user row (role included) as the
/// payload, then <c>iat</c> (seconds, as jose sets it), <c>iss</c> = the configured issuer, <c>aud</c> = the first
/// audience, <c>exp</c> 2 days later, <c>sub</c> = the user id.
/// </summary>
internal sealed class SessionJwt(TokenMinter tokens, ServerInfo server, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(2);

    public string For(UserAccount user)
    {
        var claims = JsonSerializer.SerializeToNode(user, AutherJson.Options)!.AsObject();
        var now = time.GetUtcNow();
        claims["iat"] = now.ToUnixTimeSeconds();
        claims["iss"] = server.Issuer;
        claims["aud"] = server.Audience;
        claims["exp"] = (now + Lifetime).ToUnixTimeSeconds();
        claims["sub"] = user.Id;
        return tokens.Sign(claims);
    }
}
