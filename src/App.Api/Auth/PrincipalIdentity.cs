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
    public static Principal? GetPrincipal(this HttpContext context) =>
        context.User.Identities.OfType<PrincipalIdentity>().FirstOrDefault()?.Principal;

    public static Principal RequirePrincipal(this HttpContext context) =>
        context.GetPrincipal() ?? throw new InvalidOperationException("This endpoint needs an authenticated caller.");
}
