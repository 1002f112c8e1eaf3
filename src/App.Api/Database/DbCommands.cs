using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace App.Api.Database;

/// <summary>
/// Plain Npgsql commands on the DbContext's own connection and transaction, for the statements EF
/// cannot express atomically (INSERT ... ON CONFLICT with a condition, advisory locks) and need typed
/// parameters (an untyped NULL in a SELECT list has no type for PostgreSQL to infer).
/// </summary>
public static class DbCommands
{
    /// <summary>A command in the current transaction: these statements never run outside one.</summary>
    public static NpgsqlCommand Command(this AppDbContext db, string sql)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("These statements run inside the caller's transaction.");
        var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = (NpgsqlTransaction)transaction.GetDbTransaction();
        return command;
    }

    /// <summary>Several statements in one round trip; each still runs on its own snapshot, in order.</summary>
    public static NpgsqlBatch Batch(this AppDbContext db, params NpgsqlBatchCommand[] statements)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("These statements run inside the caller's transaction.");
        var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(statement);
        }

        return batch;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value, NpgsqlDbType type)
    {
        command.Parameters.Add(Parameter(name, value, type));
        return command;
    }

    public static NpgsqlBatchCommand With(this NpgsqlBatchCommand command, string name, object? value, NpgsqlDbType type)
    {
        command.Parameters.Add(Parameter(name, value, type));
        return command;
    }

    private static NpgsqlParameter Parameter(string name, object? value, NpgsqlDbType type) =>
        new(name, type) { Value = value ?? DBNull.Value };

    public static async Task<int> RunAsync(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// For the statements every event runs: prepared once per physical connection (Npgsql keeps them
    /// across pooled opens), so PostgreSQL stops parsing and planning them each time. Not through a
    /// transaction-mode pooler (<paramref name="prepare"/> false, <see cref="DatabaseOptions.ThroughPooler"/>):
    /// the next transaction may get a server connection that never saw the statement.
    /// </summary>
    public static async Task<int> RunPreparedAsync(this NpgsqlCommand command, bool prepare, CancellationToken cancellationToken)
    {
        await using (command)
        {
            if (prepare)
            {
                await command.PrepareAsync(cancellationToken);
            }

            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static async Task<T?> ScalarAsync<T>(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? default : (T)value;
        }
    }
}
