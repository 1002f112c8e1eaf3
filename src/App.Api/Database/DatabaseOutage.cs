using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace App.Api.Database;

/// <summary>
/// Logs an outage once when it starts and once when it ends, instead of a stack trace per request: under
/// traffic, a stopped database would otherwise bury the log. The end is seen by the first command that
/// succeeds again (an EF interceptor), so recovery needs no restart and no health probe. Opening a
/// connection proves nothing: the pool hands out a connection without asking the server.
/// A request that started before the database came back and failed is what is left of the outage that
/// just ended (a connection attempt made while the server was starting, a pooled connection it had
/// broken): it is answered 503 like the others but does not start a new outage. The other way round, a
/// command that started before the outage began and still got its answer (a backend the stopping server
/// had not yet terminated) proves nothing about recovery and does not end the outage.
/// </summary>
public sealed class DatabaseOutage(TimeProvider time, ILogger<DatabaseOutage> logger) : DbCommandInterceptor
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private DateTimeOffset _upSince = DateTimeOffset.MinValue;
    private volatile bool _down;
    private long _refused;

    /// <summary>How long clients are told to wait before retrying.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public bool IsDown => _down;

    /// <summary>A request that started at <paramref name="startedAt"/> failed because the database is unavailable.</summary>
    public void Report(Exception exception, DateTimeOffset startedAt)
    {
        lock (_gate)
        {
            if (_since is null && startedAt < _upSince)
            {
                return;
            }

            _refused++;
            if (_since is not null)
            {
                return;
            }

            _since = time.GetUtcNow();
            _down = true;
        }

        var cause = DatabaseFaults.UnavailableCause(exception) ?? exception;
        logger.LogError("Database unavailable ({ExceptionType}: {Reason}); answering 503 until it is back. Logged once per outage.",
            cause.GetType().Name, cause.Message);
    }

    /// <summary>The database answered a command that started at <paramref name="startedAt"/>.</summary>
    public void Answered(DateTimeOffset startedAt)
    {
        if (!_down)
        {
            return;
        }

        DateTimeOffset since;
        long refused;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_since is null || startedAt < _since)
            {
                return;
            }

            since = _since.Value;
            refused = _refused;
            _since = null;
            _refused = 0;
            _upSince = now;
            _down = false;
        }

        logger.LogWarning("Database available again after {Seconds:0.0} s; {Refused} request(s) were answered 503 meanwhile",
            (now - since).TotalSeconds, refused);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Answered(eventData?.StartTime ?? time.GetUtcNow());
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Answered(eventData?.StartTime ?? time.GetUtcNow());
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Answered(eventData?.StartTime ?? time.GetUtcNow());
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Answered(eventData?.StartTime ?? time.GetUtcNow());
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Answered(eventData?.StartTime ?? time.GetUtcNow());
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Answered(eventData?.StartTime ?? time.GetUtcNow());
        return ValueTask.FromResult(result);
    }
}
