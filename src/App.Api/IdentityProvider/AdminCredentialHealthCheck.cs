using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.Api.IdentityProvider;

/// <summary>
/// Degraded while Auther refuses the app's admin credential, so an operator sees it on /health/ready before a
/// deactivation answers 502. Passive: the user poll's list-users call is the probe, not this check.
/// </summary>
public sealed class AdminCredentialHealthCheck(AdminSession session) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(session.RefusedAt is { } at
            ? HealthCheckResult.Degraded($"{session.RefusalReason} at {at:u}; admin calls (deactivate, sync, reconcile) fail until it is fixed.")
            : HealthCheckResult.Healthy(session.LastSuccessAt is { } ok
                ? $"{session.Mode}: last admin call (or sign-in) succeeded at {ok:u}."
                : $"{session.Mode}: no admin call made yet."));
}
