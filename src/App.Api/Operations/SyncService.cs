using App.Api.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace App.Api.Operations;

/// <summary>
/// Runs <see cref="UserSync"/> every <see cref="SyncOptions.Interval"/> on the one instance that holds the sync
/// lock. The holder keeps it (and its connection) for as long as it lives, so the whole deployment makes one
/// list-users request per quiet interval; when it stops or loses its connection, another instance takes over
/// at its next tick. An Auther outage is logged once, and the watermark waits for the next interval.
/// </summary>
public sealed class SyncService(
    IServiceScopeFactory scopes,
    SyncMetrics metrics,
    IOptions<SyncOptions> options,
    IOptions<DatabaseOptions> database,
    TimeProvider time,
    ILogger<SyncService> logger) : BackgroundService
{
    private NpgsqlConnection? _lease;
    private bool _failing;

    /// <summary>True while this instance is the one that polls.</summary>
    public bool IsPolling => _lease is not null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await HoldLeaseAsync(stoppingToken))
                {
                    await PollAsync(stoppingToken);
                }

                await Task.Delay(options.Value.Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    /// <summary>One poll now, without the lock (the CLI verb; a poll beside the background one is harmless).</summary>
    public async Task<SyncReport> RunOnceAsync(bool full, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<UserSync>().RunAsync(full, cancellationToken);
        metrics.Passed(report.Failure is null);
        return report;
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        try
        {
            var report = await RunOnceAsync(full: false, stoppingToken);
            if (report.Failure is not null)
            {
                if (!_failing)
                {
                    logger.LogWarning("User sync: Auther could not be polled ({Failure}); retrying every {Interval} until it answers", report.Failure, options.Value.Interval);
                }

                _failing = true;
                return;
            }

            if (_failing)
            {
                logger.LogInformation("User sync: Auther answers again");
                _failing = false;
            }

            if (report.Changed > 0 || report.Shifted || report.Unsorted)
            {
                logger.LogInformation("User sync: {Summary}", report.Summary());
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            metrics.Passed(false);
            logger.LogWarning("User sync failed ({Error}); the next poll is in {Interval}", ex.Message, options.Value.Interval);
        }
    }

    private async Task<bool> HoldLeaseAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (_lease is not null && await OperationLock.StillHeldAsync(_lease, stoppingToken))
            {
                return true;
            }

            await ReleaseAsync();
            _lease = await OperationLock.TryAcquireAsync(database.Value.ConnectionString!, OperationLock.Sync, stoppingToken);
            return _lease is not null;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning("User sync: the database lock could not be taken ({Error}); retrying in {Interval}", ex.Message, options.Value.Interval);
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        if (_lease is { } lease)
        {
            _lease = null;
            await lease.DisposeAsync();
        }
    }
}
