using Npgsql;

namespace App.Tests.Infrastructure;

/// <summary>
/// Makes one table refuse inserts (or some updates), in the test class's own database, so a handler fails after it has
/// already written its first effects. A database trigger, rather than a seam in the app: the production
/// code runs unchanged and the failure happens where a real one would, inside the transaction.
/// </summary>
public sealed class InjectedFailure : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _table;
    private bool _removed;

    private InjectedFailure(string connectionString, string table)
    {
        _connectionString = connectionString;
        _table = table;
    }

    /// <summary>Every insert into <paramref name="table"/> fails with <paramref name="sqlState"/> (by default a plain raised exception).</summary>
    public static async Task<InjectedFailure> OnInsertIntoAsync(ApiFixture api, string table, string sqlState = "P0001")
    {
        await RunAsync(api.ConnectionString, $"""
            CREATE OR REPLACE FUNCTION test_injected_failure() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'injected failure on %', TG_TABLE_NAME USING ERRCODE = '{sqlState}'; END $$;
            CREATE TRIGGER test_injected_failure BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION test_injected_failure();
            """);
        return new InjectedFailure(api.ConnectionString, table);
    }

    /// <summary>
    /// Every update of <paramref name="table"/> that sets <paramref name="column"/> to a new value fails with
    /// <paramref name="sqlState"/>; statements that leave the column out of their SET list are not touched.
    /// </summary>
    public static async Task<InjectedFailure> OnUpdateOfAsync(ApiFixture api, string table, string column, string sqlState)
    {
        await RunAsync(api.ConnectionString, $"""
            CREATE OR REPLACE FUNCTION test_injected_failure() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'injected failure on %', TG_TABLE_NAME USING ERRCODE = '{sqlState}'; END $$;
            CREATE TRIGGER test_injected_failure BEFORE UPDATE OF {column} ON {table} FOR EACH ROW
                WHEN (NEW.{column} IS DISTINCT FROM OLD.{column}) EXECUTE FUNCTION test_injected_failure();
            """);
        return new InjectedFailure(api.ConnectionString, table);
    }

    public async Task RemoveAsync()
    {
        if (!_removed)
        {
            _removed = true;
            await RunAsync(_connectionString, $"DROP TRIGGER IF EXISTS test_injected_failure ON {_table};");
        }
    }

    public ValueTask DisposeAsync() => new(RemoveAsync());

    private static async Task RunAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
