namespace App.Api.Auth.Jwt;

/// <summary>
/// Limits JwtBearer does not check: a token dated in the future would outlive every "revoke all tokens
/// issued before now" cut-off, and a very long lifetime makes a leaked token good for years. Only a
/// holder of Auther's key (or an Auther with a wrong clock) can mint either, which is why they are refused.
/// </summary>
public static class TokenLifetime
{
    public static TokenRejection? Check(Principal principal, DateTimeOffset now, AuthOptions options)
    {
        if (principal.IssuedAt is not { } issued)
        {
            // Without iat the lifetime cannot be measured from the start: what is left of it must fit the cap.
            return principal.ExpiresAt is { } expiry && expiry - now > options.MaxTokenLifetime + options.ClockSkew
                ? TokenRejection.LifetimeTooLong
                : null;
        }

        if (issued > now + options.ClockSkew)
        {
            return TokenRejection.IssuedInFuture;
        }

        // The skew again: iat in milliseconds is cut to whole seconds, exp is not always.
        return principal.ExpiresAt is { } expires && expires - issued > options.MaxTokenLifetime + options.ClockSkew
            ? TokenRejection.LifetimeTooLong
            : null;
    }
}
