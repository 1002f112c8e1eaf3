using App.Api.Database;
using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.Api.Health;

/// <summary>
/// Opens a connection and runs one query. Unlike EF's own check, which reports a bare "Unhealthy", it
/// says why (refused, timed out, no such database...), so an operator reading /health/ready knows.
/// </summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var cause = DatabaseFaults.UnavailableCause(ex) ?? ex;
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer: {cause.Message}");
        }
    }
}
