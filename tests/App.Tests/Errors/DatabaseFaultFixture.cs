using App.Api.Database;
using App.Api.Errors;
using App.Data;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace App.Tests.Errors;

/// <summary>
/// The API on a PostgreSQL cluster of its own, so a test can stop and start it under traffic without
/// touching the shared server every other test class uses (<see cref="ShadowUsers.DatabaseDownAtStartFixture"/>
/// stops it before the API starts).
/// </summary>
public class DatabaseFaultFixture : ApiFixture
{
    public PostgresServer Server { get; private set; } = null!;

    public RecordingLogger<DatabaseOutage> OutageLog { get; } = new();

    public RecordingLogger<GlobalExceptionHandler> ErrorLog { get; } = new();

    protected override async Task<string> CreateDatabaseAsync()
    {
        Server = await PostgresServer.StartPrivateAsync();
        var name = $"t_fault_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(Server.ConnectionStringFor(name))
        {
            // A stopped server must be noticed in seconds, not after the default 30 s.
            Timeout = 3,
            CommandTimeout = 10,
            MaxPoolSize = 50,
        }.ConnectionString;
        await using (var admin = new NpgsqlConnection(Server.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        await using var db = TestDatabases.CreateContext(connectionString);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<ILogger<DatabaseOutage>>(OutageLog);
        services.AddSingleton<ILogger<GlobalExceptionHandler>>(ErrorLog);
    }

    public override async Task DisposeAsync()
    {
        // The cluster goes with the test run (its watchdog); only the API and Auther stop here.
        NpgsqlConnection.ClearAllPools();
        await base.DisposeAsync();
    }
}
