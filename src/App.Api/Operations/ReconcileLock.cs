using Npgsql;

namespace App.Api.Operations;

/// <summary>
/// One reconciliation at a time across every instance (and the CLI verb): a PostgreSQL session advisory
/// lock held on a dedicated connection for the whole run. Closing the connection releases it, so a
/// crashed instance cannot leave it held.
/// </summary>
public static class ReconcileLock
{
    public static async Task<IAsyncDisposable?> TryAcquireAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = "app-reconcile-lock",
        }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended('app:reconcile', 0))", connection);
        if (await command.ExecuteScalarAsync(cancellationToken) is true)
        {
            return connection;
        }

        await connection.DisposeAsync();
        return null;
    }
}
