using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.Api.Auth.Jwks;

/// <summary>Not ready until Auther's signing keys are loaded: before that, every bearer request would get 503.</summary>
public sealed class JwksHealthCheck(AutherJwks jwks) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(jwks.Current is { } keys
            ? HealthCheckResult.Healthy($"{keys.Keys.Count} signing key(s), fetched {keys.FetchedAt:O}")
            : HealthCheckResult.Unhealthy("Auther's signing keys are not loaded yet"));
}
