using App.Api.Auth;
using App.Api.Auth.Jwt;
using App.Api.Auth.Permissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace App.Api.ShadowUsers;

/// <summary>
/// Runs after authentication, before authorization and the handler, for every authenticated caller:
/// refuses revoked tokens (jti deny-list, per-user cut-off), provisions the shadow row just in time,
/// refuses deleted or blocked (401) and banned (403) users, and decides whose role the caller acts with
/// (<see cref="Precedence"/>, rule 3). All from memory on the warm path.
/// </summary>
public sealed class IdentityMiddleware(
    RequestDelegate next,
    ShadowUserProvisioner provisioner,
    ShadowUserRefresher refresher,
    RevocationList revocations,
    AuthMetrics metrics,
    IOptions<PermissionRegistryOptions> registry,
    TimeProvider time)
{
    public Task InvokeAsync(HttpContext context) =>
        context.GetPrincipal() is not { } principal || context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null
            ? next(context)
            : CheckAsync(context, principal);

    private async Task CheckAsync(HttpContext context, Principal principal)
    {
        metrics.Authenticated(principal.Method);
        await revocations.EnsureLoadedAsync();
        if (principal.TokenId is { } jti && revocations.IsRevoked(jti))
        {
            metrics.Verified(TokenRejection.Revoked.Reason);
            await AuthProblems.WriteUnauthorizedAsync(context, TokenRejection.Revoked);
            return;
        }

        var user = await provisioner.GetOrProvisionAsync(principal);
        if (user is null || user.MissingSince is not null)
        {
            metrics.Verified(TokenRejection.AccountDeleted.Reason);
            await AuthProblems.WriteUnauthorizedAsync(context, TokenRejection.AccountDeleted);
            return;
        }

        if (user.TokensRevokedBefore is { } cutoff && (principal.IssuedAt is not { } issued || issued < cutoff))
        {
            metrics.Verified(TokenRejection.Revoked.Reason);
            await AuthProblems.WriteUnauthorizedAsync(context, TokenRejection.Revoked);
            return;
        }

        if (user.IsBannedAt(time.GetUtcNow()))
        {
            await AuthProblems.WriteForbiddenAsync(context, "account_deactivated", "Account deactivated",
                user.BanExpires is { } until
                    ? $"This account is deactivated until {until:u}."
                    : "This account is deactivated.");
            return;
        }

        if (principal.Method == AuthMethod.Jwt && !Precedence.TokenRoleCounts(principal, user) &&
            !principal.Roles.SequenceEqual(user.Roles, StringComparer.Ordinal) && context.User.Identity is PrincipalIdentity identity)
        {
            context.User = identity.WithRowRole(user.Role, registry.Value);
        }

        context.Features.Set(user);
        // What the token itself says (not the row's role it may act with): the store weighs it by its iat.
        refresher.Observe(user, principal);
        await next(context);
    }
}
