using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace App.Api.Data;

/// <summary>
/// Logs an outage once when it starts and once when it ends, instead of a stack trace per request: under
/// traffic, a stopped database would otherwise bury the log. The end is seen by the first connection that
/// opens again (an EF interceptor), so recovery needs no restart and no health probe.
/// </summary>
public sealed class DatabaseOutage(TimeProvider time, ILogger<DatabaseOutage> logger) : DbConnectionInterceptor
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private volatile bool _down;
    private long _refused;

    /// <summary>How long clients are told to wait before retrying.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public bool IsDown => _down;

    public void Report(Exception exception)
    {
        lock (_gate)
        {
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

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Recovered();

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Recovered();
        return Task.CompletedTask;
    }

    private void Recovered()
    {
        if (!_down)
        {
            return;
        }

        DateTimeOffset since;
        long refused;
        lock (_gate)
        {
            if (_since is null)
            {
                return;
            }

            since = _since.Value;
            refused = _refused;
            _since = null;
            _refused = 0;
            _down = false;
        }

        logger.LogWarning("Database available again after {Seconds:0.0} s; {Refused} request(s) were answered 503 meanwhile",
            (time.GetUtcNow() - since).TotalSeconds, refused);
    }
}
