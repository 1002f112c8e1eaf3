using Microsoft.IdentityModel.JsonWebTokens;

namespace App.Web.Auth;

/// <summary>The token the web app sends to the API for a session, and when it stops being accepted.</summary>
public sealed record ApiToken(string Value, string Kind, DateTimeOffset ExpiresAt)
{
    public const string AccessToken = "access_token";
    public const string IdToken = "id_token";

    /// <summary>
    /// The access token when it is a JWT for the API's audience (documented Auther), otherwise the id_token
    /// (deployed Auther's access token is opaque, and the API accepts id_tokens issued to this client).
    /// </summary>
    public static ApiToken? Choose(string? accessToken, string? idToken, string apiAudience)
    {
        if (Read(accessToken) is { } access && access.Audiences.Contains(apiAudience, StringComparer.Ordinal))
        {
            return new ApiToken(accessToken!, AccessToken, access.ValidTo);
        }

        return Read(idToken) is { } id ? new ApiToken(idToken!, IdToken, id.ValidTo) : null;
    }

    /// <summary>Reads a JWT's claims without checking them: the tokens came from Auther's token endpoint, and the API verifies them.</summary>
    private static JsonWebToken? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Count(c => c == '.') != 2)
        {
            return null;
        }

        try
        {
            return new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
