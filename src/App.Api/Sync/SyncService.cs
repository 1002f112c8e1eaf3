using App.Api.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace App.Api.Sync;

/// <summary>
/// Runs <see cref="UserSync"/> every <see cref="SyncOptions.Interval"/> on the one instance that holds the sync
/// lock. The holder keeps it (and its connection) for as long as it lives, so the whole deployment makes one
/// list-users request per quiet interval; every other instance waits for the lock in PostgreSQL, so when the
/// holder lets go (it starts shutting down, or loses its connection) the next one has it at once and polls.
/// An Auther outage is logged once, and the watermark waits for the next interval.
/// </summary>
public sealed class SyncService(
    IServiceScopeFactory scopes,
    SyncMetrics metrics,
    IOptions<SyncOptions> options,
    IOptions<DatabaseOptions> database,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SyncService> logger) : BackgroundService
{
    /// <summary>Dedicated to the lock: it holds it, or waits in line for it.</summary>
    private NpgsqlConnection? _connection;
    private volatile bool _holding;
    private bool _failing;

    /// <summary>True while this instance is the one that polls.</summary>
    public bool IsPolling => _holding;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        // Shutting down starts with ApplicationStopping (the drain): a poll under way finishes, then the lock goes,
        // so another instance takes over while this one still serves its last requests.
        using var leaving = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        try
        {
            while (!leaving.IsCancellationRequested)
            {
                if (await TakeTurnAsync(leaving.Token))
                {
                    await PollAsync(stoppingToken);
                    await Task.Delay(options.Value.Interval, time, leaving.Token);
                }
            }
        }
        catch (OperationCanceledException) when (leaving.IsCancellationRequested)
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

    /// <summary>True when this instance holds the lock; otherwise it waited up to an interval for it.</summary>
    private async Task<bool> TakeTurnAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_holding && await OperationLock.StillHeldAsync(_connection!, cancellationToken))
            {
                return true;
            }

            if (_holding)
            {
                await ReleaseAsync();
            }

            _connection ??= await OperationLock.OpenAsync(database.Value.Direct, OperationLock.Sync, cancellationToken);
            _holding = await OperationLock.WaitAsync(_connection, OperationLock.Sync, options.Value.Interval, cancellationToken);
            return _holding;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning("User sync: the database lock could not be taken ({Error}); retrying in {Interval}", ex.Message, options.Value.Interval);
            await ReleaseAsync();
            await Task.Delay(options.Value.Interval, time, cancellationToken);
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        _holding = false;
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }
}
