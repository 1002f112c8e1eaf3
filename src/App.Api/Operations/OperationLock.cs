using Npgsql;

namespace App.Api.Operations;

/// <summary>
/// One run of an operation at a time across every instance (and the CLI verbs): a PostgreSQL session advisory
/// lock held on a dedicated connection for as long as the caller keeps it. Closing the connection releases it,
/// so a crashed instance cannot leave it held.
/// </summary>
public static class OperationLock
{
    public const string Reconcile = "app:reconcile";
    public const string Sync = "app:sync";

    public static async Task<NpgsqlConnection?> TryAcquireAsync(string connectionString, string name, CancellationToken cancellationToken)
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
