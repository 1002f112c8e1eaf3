using System.Security.Claims;
using App.Api.Auth.Permissions;

namespace App.Api.Auth;

/// <summary>The ClaimsIdentity every scheme produces: the token's claims, plus the resolved <see cref="Principal"/>.</summary>
public sealed class PrincipalIdentity(IEnumerable<Claim> claims, string authenticationType, Principal principal)
    : ClaimsIdentity(claims, authenticationType, "sub", "role")
{
    public Principal Principal { get; } = principal;

    /// <summary>
    /// This identity acting with its shadow row's roles (<paramref name="rowRole"/>, comma-separated) instead of the
    /// token's: for a token without roles (deployed id_tokens), or one issued before Auther last set the row's role.
    /// </summary>
    public ClaimsPrincipal WithRowRole(string? rowRole, PermissionRegistryOptions registry)
    {
        var roles = Principal.ParseRoles(rowRole);
        var claims = Claims.Where(c => c.Type != "role").Concat(roles.Select(r => new Claim("role", r)));
        return new ClaimsPrincipal(new PrincipalIdentity(claims, AuthenticationType ?? AuthSchemes.Jwt, Principal.WithRoles(roles, registry)));
    }
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
