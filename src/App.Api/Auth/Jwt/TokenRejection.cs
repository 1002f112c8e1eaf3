namespace App.Api.Auth.Jwt;

/// <summary>Why a bearer token was refused, as a metric tag and a general description that never echoes the token.</summary>
public sealed record TokenRejection(string Reason, string Description)
{
    public static readonly TokenRejection TooLarge = new("too_large", "The token is too large.");
    public static readonly TokenRejection Malformed = new("malformed", "The token is malformed.");
    public static readonly TokenRejection BadAlgorithm = new("bad_algorithm", "The token's signing algorithm is not accepted.");
    public static readonly TokenRejection ForbiddenHeader = new("forbidden_header", "The token's header carries parameters that are not accepted.");
    public static readonly TokenRejection MissingKeyId = new("missing_kid", "The token does not name its signing key.");
    public static readonly TokenRejection UnknownKey = new("unknown_kid", "The token's signing key is not known.");
    public static readonly TokenRejection Expired = new("expired", "The token has expired.");
    public static readonly TokenRejection NotYetValid = new("not_yet_valid", "The token is not valid yet.");
    public static readonly TokenRejection NoExpiry = new("no_expiry", "The token has no expiry.");
    public static readonly TokenRejection BadSignature = new("bad_signature", "The token's signature is invalid.");
    public static readonly TokenRejection BadAudience = new("bad_audience", "The token is not meant for this API (audience).");
    public static readonly TokenRejection BadIssuer = new("bad_issuer", "The token's issuer is not trusted.");
    public static readonly TokenRejection BadClaims = new("bad_claims", "The token's claims do not have the expected shape.");
    public static readonly TokenRejection IssuedInFuture = new("issued_in_future", "The token's issue time (iat) is in the future.");
    public static readonly TokenRejection LifetimeTooLong = new("lifetime_too_long", "The token lives longer than this API accepts (exp - iat).");
    public static readonly TokenRejection Revoked = new("revoked", "The token has been revoked.");
    public static readonly TokenRejection AccountDeleted = new("account_deleted", "The account this token belongs to has been deleted.");
    public static readonly TokenRejection Invalid = new("invalid", "The token is invalid.");
}

/// <summary>Carries a <see cref="TokenRejection"/> through the authentication result to the challenge.</summary>
public sealed class TokenRejectedException(TokenRejection rejection) : Exception(rejection.Description)
{
    public TokenRejection Rejection { get; } = rejection;
}
