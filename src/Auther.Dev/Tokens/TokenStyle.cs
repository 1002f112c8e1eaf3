namespace Auther.Dev.Tokens;

/// <summary>The claim layout of a minted token.</summary>
public enum TokenStyle
{
    /// <summary>The guide's layout: <c>email_verified</c>, <c>permissions</c>, <c>abac_required</c>, <c>iat</c> in seconds.</summary>
    Documented,

    /// <summary>Deployed Auther's layout: <c>emailVerified</c>, no permission maps, <c>iat</c> in milliseconds, no <c>jti</c> unless asked.</summary>
    Deployed,
}
