namespace App.Api.Auth;

public enum AuthMethod
{
    /// <summary>An Auther user token (bearer JWT).</summary>
    Jwt,

    /// <summary>A machine token minted by Auther's API-key exchange (carries apiKeyId).</summary>
    ApiKey,

    /// <summary>A pre-Auther session (dual-mode cut-over).</summary>
    Legacy,
}

public static class AuthMethodNames
{
    /// <summary>The method's name as the API shows it (<c>jwt</c>, <c>apikey</c>, <c>legacy</c>), without a string per call.</summary>
    public static string Of(AuthMethod method) => method switch
    {
        AuthMethod.Jwt => "jwt",
        AuthMethod.ApiKey => "apikey",
        AuthMethod.Legacy => "legacy",
        _ => method.ToString().ToLowerInvariant(),
    };
}
