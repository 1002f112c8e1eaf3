using App.Api.Database;
using App.Api.StorableText;
using App.Data.RateLimits;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace App.Api.Network;

/// <summary>
/// Counts fixed-window budgets in PostgreSQL (<c>rate_limit_windows</c>), the state every instance shares:
/// one statement per rate-limited request adds to the client's current window and deletes its past ones.
/// A call that the database cannot answer within <see cref="Timeout"/> returns null, and the caller counts
/// in memory instead: an outage of the database must not turn into refused sign-ups.
/// </summary>
public sealed class RateLimitStore(IOptions<DatabaseOptions> database, TimeProvider time, ILogger<RateLimitStore> logger)
{
    /// <summary>Windows are at most a day long; a periodic sweep deletes rows older than that.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private const int SweepEvery = 500;
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);
    private int _calls;
    private long _lastWarningTicks;

    /// <summary>Adds <paramref name="permits"/> to <paramref name="key"/>'s current window: what it has used now, and how long until the window ends.</summary>
    public async Task<(int Used, TimeSpan WindowLeft)?> CountAsync(string key, int permits, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = new NpgsqlConnection(database.Value.ConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                WITH past AS (DELETE FROM rate_limit_windows WHERE key = @key AND window_start < @start)
                INSERT INTO rate_limit_windows AS w (key, window_start, used) VALUES (@key, @start, @permits)
                ON CONFLICT (key, window_start) DO UPDATE SET used = w.used + excluded.used
                RETURNING used
                """)
                .With("key", InputText.Cut(key, RateLimitWindow.KeyMaxLength), NpgsqlDbType.Varchar)
                .With("start", start, NpgsqlDbType.TimestampTz)
                .With("permits", permits, NpgsqlDbType.Integer));
            if (Interlocked.Increment(ref _calls) % SweepEvery == 0)
            {
                // Clients that never come back leave their last window behind.
                batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM rate_limit_windows WHERE window_start < @horizon")
                    .With("horizon", now - MaxWindow, NpgsqlDbType.TimestampTz));
            }

            var used = (int)(await batch.ExecuteScalarAsync(timeout.Token))!;
            return (used, start + window - now);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            WarnAtMostEveryMinute(ex);
            return null;
        }
    }

    private void WarnAtMostEveryMinute(Exception ex)
    {
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastWarningTicks);
        if (now - last >= WarningInterval.Ticks && Interlocked.CompareExchange(ref _lastWarningTicks, now, last) == last)
        {
            logger.LogWarning("Rate-limit budgets could not be counted in the database ({Error}); counting per instance until it answers",
                ex.Message);
        }
    }
}
