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
