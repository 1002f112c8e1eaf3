using Npgsql;

namespace App.Api.Sync;

/// <summary>
/// One run of an operation at a time across every instance (and the CLI verbs): a PostgreSQL session advisory
/// lock held on a dedicated connection for as long as the caller keeps it. Closing the connection releases it,
/// so a crashed instance cannot leave it held. The connection must reach PostgreSQL itself
/// (<c>ConnectionStrings:Direct</c>): through a transaction-mode pooler the lock would stay with a pooled server
/// connection after the caller let go of it.
/// </summary>
public static class OperationLock
{
    public const string Reconcile = "app:reconcile";
    public const string Sync = "app:sync";

    /// <summary>The lock if it is free now, on a connection of its own; null when another holder has it.</summary>
    public static async Task<NpgsqlConnection?> TryAcquireAsync(string connectionString, string name, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(connectionString, name, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@name, 0))", connection);
            command.Parameters.AddWithValue("name", name);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return connection;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>A connection of its own for holding or waiting for <paramref name="name"/> (never pooled: closing it releases the lock).</summary>
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, string name, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = "app-lock-" + name[(name.IndexOf(':') + 1)..],
        }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Takes the lock on <paramref name="connection"/>, waiting in PostgreSQL's queue for up to <paramref name="wait"/>:
    /// the moment its holder lets go (or the holder's connection dies), the first waiter has it, with no polling.
    /// False when the wait ran out.
    /// </summary>
    public static async Task<bool> WaitAsync(NpgsqlConnection connection, string name, TimeSpan wait, CancellationToken cancellationToken)
    {
        // lock_timeout bounds the wait in the server; the command timeout only backs it up.
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"SET lock_timeout = {Math.Max(1, (long)wait.TotalMilliseconds)}"),
                new NpgsqlBatchCommand("SELECT pg_advisory_lock(hashtextextended(@name, 0))") { Parameters = { new("name", name) } },
            },
            Timeout = (int)Math.Ceiling(wait.TotalSeconds) + 30,
        };
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
    }

    /// <summary>True while the connection that holds a lock is still alive (a lost connection has lost the lock).</summary>
    public static async Task<bool> StillHeldAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
        {
            return false;
        }
    }
}
