using App.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace App.TestSupport;

/// <summary>
/// Migrates once into a template database, then hands out fresh copies of it (CREATE DATABASE ... TEMPLATE),
/// so each test class starts from the real migrated schema in a few milliseconds and owns its data.
/// </summary>
public static class TestDatabases
{
    private const string TemplateName = "app_template";
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static readonly Lazy<Task> Template = new(CreateTemplateAsync);
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];

    /// <summary>A new database built by the migrations; returns its connection string.</summary>
    public static async Task<string> CreateMigratedAsync(string purpose)
    {
        await Template.Value;
        var name = NewName(purpose);
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\" TEMPLATE {TemplateName}");
        var server = await PostgresServer.InstanceAsync();
        return server.ConnectionStringFor(name);
    }

    /// <summary>A new empty database; returns its connection string.</summary>
    public static async Task<string> CreateEmptyAsync(string purpose)
    {
        var name = NewName(purpose);
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
        var server = await PostgresServer.InstanceAsync();
        return server.ConnectionStringFor(name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    public static AppDbContext CreateContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseAppDatabase(connectionString);
        return new AppDbContext(options.Options);
    }

    private static string NewName(string purpose)
    {
        // PostgreSQL names are at most 63 bytes: t_ + run (8) + _ + purpose (<= 30) + _ + 12 random.
        var clean = new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray());
        return $"t_{RunId}_{clean}_{Guid.NewGuid().ToString("N")[..12]}";
    }

    private static async Task CreateTemplateAsync()
    {
        var server = await PostgresServer.InstanceAsync();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE)");
        await ExecuteAdminAsync($"CREATE DATABASE {TemplateName}");
        var cs = new NpgsqlConnectionStringBuilder(server.ConnectionStringFor(TemplateName)) { Pooling = false }.ConnectionString;
        await using (var db = CreateContext(cs))
        {
            await db.Database.MigrateAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    private static async Task ExecuteAdminAsync(string sql)
    {
        var server = await PostgresServer.InstanceAsync();
        // CREATE DATABASE ... TEMPLATE needs the template to be idle; serialising creations keeps it so.
        await CreateLock.WaitAsync();
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            CreateLock.Release();
        }
    }
}
