using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.Api.ShadowUsers;

/// <summary>
/// Not ready until the deny-list has been read: before that, every authenticated request answers 503. A probe
/// also tries the read, so an instance that started while the database was down recovers even before a request
/// comes, and the load balancer sends it traffic only once it can serve.
/// </summary>
public sealed class RevocationListHealthCheck(RevocationList revocations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (revocations.IsLoaded)
        {
            return HealthCheckResult.Healthy($"{revocations.Count} revoked token(s) in memory.");
        }

        try
        {
            await revocations.EnsureLoadedAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{revocations.Count} revoked token(s) in memory.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The token deny-list could not be read yet: {ex.Message}");
        }
    }
}
