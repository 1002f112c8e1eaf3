using App.AutherKeys;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace App.Api.Auth.Jwks;

/// <summary>An immutable snapshot of Auther's published keys; a new set replaces the old one whole.</summary>
public sealed class AutherKeySet
{
    public AutherKeySet(IReadOnlyDictionary<string, SigningKey> keys, string issuer, DateTimeOffset fetchedAt, long version)
    {
        Keys = keys;
        FetchedAt = fetchedAt;
        Version = version;
        Configuration = new OpenIdConnectConfiguration { Issuer = issuer };
        foreach (var key in keys.Values)
        {
            Configuration.SigningKeys.Add(key.Key);
        }
    }

    public IReadOnlyDictionary<string, SigningKey> Keys { get; }
    public DateTimeOffset FetchedAt { get; }

    /// <summary>Increases whenever the set of kids changes.</summary>
    public long Version { get; }

    /// <summary>What JwtBearer reads through <see cref="AutherJwks"/>: the signing keys, no network.</summary>
    public OpenIdConnectConfiguration Configuration { get; }

    public bool Contains(string kid) => Keys.ContainsKey(kid);
}
