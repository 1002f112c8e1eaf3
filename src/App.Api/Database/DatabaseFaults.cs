using System.Text;
using Npgsql;

namespace App.Api.Database;

/// <summary>
/// Sorts database exceptions (however EF wrapped them) into the two kinds that are not bugs: the
/// database is unavailable (answer 503 and let the client retry), or a value could never be stored
/// (the caller's input: answer 400). Everything else stays a 500.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>Not transient in Npgsql's eyes, but a client retrying later will succeed.</summary>
    private static readonly HashSet<string> UnavailableStates =
    [
        PostgresErrorCodes.ReadOnlySqlTransaction, // 25006: a replica or a database put in read-only mode
        PostgresErrorCodes.AdminShutdown, // 57P01
        PostgresErrorCodes.CrashShutdown, // 57P02
        PostgresErrorCodes.CannotConnectNow, // 57P03: starting up or shutting down
        PostgresErrorCodes.TooManyConnections, // 53300
        PostgresErrorCodes.InsufficientResources, // 53000
        PostgresErrorCodes.DiskFull, // 53100
        PostgresErrorCodes.OutOfMemory, // 53200
        PostgresErrorCodes.DatabaseDropped, // 57P04
        PostgresErrorCodes.InvalidCatalogName, // 3D000: the database does not exist (yet)
    ];

    public static bool IsUnavailable(Exception exception) => Find(exception, IsUnavailableItself) is not null;

    /// <summary>The innermost exception that says why the database is unavailable, for the one log line.</summary>
    public static Exception? UnavailableCause(Exception exception) => Find(exception, IsUnavailableItself);

    /// <summary>
    /// One line for an operator: where the app tried to connect (from <paramref name="connectionString"/>, named by
    /// <paramref name="setting"/>) and the connection error's own words, e.g.
    /// <c>Database unreachable at 127.0.0.1:5432 (ConnectionStrings:Default): Failed to connect to 127.0.0.1:5432: Connection refused</c>.
    /// </summary>
    public static string DescribeUnreachable(Exception exception, string? connectionString, string setting)
    {
        var where = "an unreadable address";
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            where = $"{builder.Host}:{builder.Port}";
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // DatabaseOptionsValidator names a malformed connection string before anything connects.
        }

        var reasons = new List<string>();
        for (var current = UnavailableCause(exception) ?? exception; current is not null; current = current.InnerException)
        {
            var message = current.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
            if (message.Length > 0 && !reasons.Any(r => r.Contains(message, StringComparison.Ordinal)))
            {
                reasons.Add(message);
            }
        }

        return $"Database unreachable at {where} ({setting}): {string.Join(": ", reasons)}";
    }

    /// <summary>PostgreSQL refused a value (class 22: too long, NUL byte, out of range) or it could not be encoded.</summary>
    public static bool IsUnstorableValue(Exception exception) => UnstorableCause(exception) is not null;

    public static Exception? UnstorableCause(Exception exception) => Find(exception, e => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("22", StringComparison.Ordinal),
        EncoderFallbackException => true,
        _ => false,
    });

    private static bool IsUnavailableItself(Exception exception) => exception switch
    {
        PostgresException pg => UnavailableStates.Contains(pg.SqlState) || pg.SqlState.StartsWith("08", StringComparison.Ordinal) ||
                                pg.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable,
        // Npgsql wraps its socket errors and timeouts (transient). A bare SocketException or TimeoutException is
        // not the database's: a client resetting its connection mid-body surfaces as one, and is no outage.
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    private static Exception? Find(Exception exception, Func<Exception, bool> predicate)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (predicate(current))
            {
                return current;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Select(e => Find(e, predicate)).FirstOrDefault(e => e is not null) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
