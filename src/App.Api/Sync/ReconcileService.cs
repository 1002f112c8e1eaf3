using App.Api.Database;
using Microsoft.Extensions.Options;

namespace App.Api.Sync;

/// <summary>Runs <see cref="Reconciliation"/> on an interval; the lock lets one instance at a time do it.</summary>
public sealed class ReconcileService(
    IServiceScopeFactory scopes,
    IOptions<ReconcileOptions> options,
    IOptions<DatabaseOptions> database,
    TimeProvider time,
    ILogger<ReconcileService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
                Log(await RunOnceAsync(options.Value.ResolvedOnMissing, dryRun: false, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Reconciliation failed; the next run is in {Interval}", options.Value.Interval);
            }
        }
    }

    /// <summary>A run whose listing failed is a warning (it blocked nothing); any other run is information.</summary>
    public void Log(ReconcileReport report)
    {
        if (report.PageFailure is not null)
        {
            logger.LogWarning("Reconciliation: {Summary}", report.Summary());
        }
        else
        {
            logger.LogInformation("Reconciliation: {Summary}", report.Summary());
        }
    }

    /// <summary>One run under the cross-instance lock (also what the CLI verb calls).</summary>
    public async Task<ReconcileReport> RunOnceAsync(MissingUserAction onMissing, bool dryRun, CancellationToken cancellationToken)
    {
        await using var held = await OperationLock.TryAcquireAsync(database.Value.Direct, OperationLock.Reconcile, cancellationToken);
        if (held is null)
        {
            return new ReconcileReport { Skipped = true };
        }

        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Reconciliation>().RunAsync(onMissing, dryRun, cancellationToken);
    }
}
