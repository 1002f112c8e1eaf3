using App.Tests.Infrastructure;
using App.TestSupport.Cluster;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace App.Tests.Cluster;

/// <summary>
/// The API as production runs it behind a transaction-mode pooler: every query through a real PgBouncer
/// (<c>ConnectionStrings:Default</c>, one PgBouncer for the whole test run), LISTEN, the operation locks and
/// migrations straight to PostgreSQL (<c>ConnectionStrings:Direct</c>).
/// </summary>
public class PoolerFixture : ApiFixture
{
    private readonly Lock _gate = new();
    private WebApplicationFactory<Program>? _second;

    public PoolerFixture()
        : this(new ApiVariation())
    {
    }

    protected PoolerFixture(ApiVariation variation)
        : base(variation)
    {
    }

    public PgBouncer Pooler { get; private set; } = null!;

    /// <summary>A second instance on the same database and pooler, started on first use.</summary>
    public WebApplicationFactory<Program> Second
    {
        get
        {
            lock (_gate)
            {
                return _second ??= CreateInstance();
            }
        }
    }

    /// <summary>
    /// Makes the pooler open <paramref name="count"/> server connections to this database (as load does), so that
    /// consecutive transactions run on different ones: state that wrongly outlives a transaction then fails.
    /// </summary>
    public async Task OpenServerConnectionsAsync(int count)
    {
        var pooled = new NpgsqlConnectionStringBuilder(Pooler.Through(ConnectionString)) { Pooling = false }.ConnectionString;
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(pooled);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_sleep(0.3)", connection);
            await command.ExecuteNonQueryAsync();
        }));
    }

    protected override async Task<string> CreateDatabaseAsync()
    {
        Pooler = await PgBouncer.InstanceAsync();
        return await base.CreateDatabaseAsync();
    }

    protected override void AdjustSettings(Dictionary<string, string?> settings)
    {
        settings["ConnectionStrings:Default"] = Pooler.Through(ConnectionString);
        settings["ConnectionStrings:Direct"] = ConnectionString;
    }
}

/// <summary>The pooled API with the user poll on, at an interval far longer than any test: a poll happens when an instance takes the lock.</summary>
public sealed class PoolerSyncFixture() : PoolerFixture(new() { Settings = { ["Sync:Enabled"] = "true", ["Sync:Interval"] = "00:05:00" } });
