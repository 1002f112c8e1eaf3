using System.Security.Claims;

namespace App.Api.Auth;

/// <summary>The ClaimsIdentity every scheme produces: the token's claims, plus the resolved <see cref="Principal"/>.</summary>
public sealed class PrincipalIdentity(IEnumerable<Claim> claims, string authenticationType, Principal principal)
    : ClaimsIdentity(claims, authenticationType, "sub", "role")
{
    public Principal Principal { get; } = principal;
}

public static class PrincipalHttpContextExtensions
{
    /// <summary>The caller's Principal; read several times per request, so the usual case (primary identity) is a type test.</summary>
    public static Principal? GetPrincipal(this HttpContext context) => context.User.GetPrincipal();

    public static Principal? GetPrincipal(this System.Security.Claims.ClaimsPrincipal user)
    {
        if (user.Identity is PrincipalIdentity primary)
        {
            return primary.Principal;
        }

        foreach (var identity in user.Identities)
        {
            if (identity is PrincipalIdentity principal)
            {
                return principal.Principal;
            }
        }

        return null;
    }

    public static Principal RequirePrincipal(this HttpContext context) =>
        context.GetPrincipal() ?? throw new InvalidOperationException("This endpoint needs an authenticated caller.");
}
