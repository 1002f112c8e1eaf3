using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace App.Tests.Database;

/// <summary>
/// Keeps the migrations honest, including the first ones that were written by hand and any hand-written one
/// merged later: a database built by the migrations must equal one built from the EF model itself.
/// </summary>
public sealed class MigrationsMatchModelTests : IAsyncLifetime
{
    private readonly List<string> _databases = [];

    [Fact]
    public async Task DatabaseBuiltByMigrations_HasExactlyTheSchemaOfTheModel()
    {
        var migrated = await SchemaSnapshot.ReadAsync(await Track(TestDatabases.CreateMigratedAsync("migrated")));
        var model = await SchemaSnapshot.ReadAsync(await BuildFromModelAsync(extraSql: null));

        migrated.Lines.Count.ShouldBeGreaterThan(100);
        var differences = migrated.DifferencesFrom(model, "migrations", "model");
        differences.ShouldBeEmpty(string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public async Task Comparison_ReportsAColumnThatOnlyTheModelHas()
    {
        var migrated = await SchemaSnapshot.ReadAsync(await Track(TestDatabases.CreateMigratedAsync("migrated")));
        // Stands in for a property added to an entity without a migration.
        var model = await SchemaSnapshot.ReadAsync(await BuildFromModelAsync("ALTER TABLE users ADD COLUMN nickname character varying(64);"));

        var differences = migrated.DifferencesFrom(model, "migrations", "model");

        differences.ShouldBe(["only in model: column users.nickname character varying(64) null"]);
    }

    [Fact]
    public async Task Comparison_ReportsAChangedDeleteRule()
    {
        var migrated = await SchemaSnapshot.ReadAsync(await Track(TestDatabases.CreateMigratedAsync("migrated")));
        var model = await SchemaSnapshot.ReadAsync(await BuildFromModelAsync("""
            ALTER TABLE expenses DROP CONSTRAINT fk_expenses_users_submitted_by;
            ALTER TABLE expenses ADD CONSTRAINT fk_expenses_users_submitted_by FOREIGN KEY (submitted_by) REFERENCES users (id) ON DELETE RESTRICT;
            """));

        migrated.DifferencesFrom(model, "migrations", "model").Count.ShouldBe(2);
    }

    [Fact]
    public async Task NoForeignKeyToUsers_CanBlockAUsersDeletion()
    {
        var migrated = await SchemaSnapshot.ReadAsync(await Track(TestDatabases.CreateMigratedAsync("migrated")));

        var toUsers = migrated.Lines.Where(l => l.StartsWith("constraint", StringComparison.Ordinal) && l.Contains("REFERENCES users(id)", StringComparison.Ordinal)).ToList();

        toUsers.Count.ShouldBe(9);
        toUsers.ShouldAllBe(l => l.EndsWith("ON DELETE CASCADE", StringComparison.Ordinal) || l.EndsWith("ON DELETE SET NULL", StringComparison.Ordinal));
        migrated.Lines.ShouldNotContain(l => l.StartsWith("constraint audit_logs.fk_", StringComparison.Ordinal));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await TestDatabases.DropAsync(database);
        }
    }

    private async Task<string> BuildFromModelAsync(string? extraSql)
    {
        var connectionString = await Track(TestDatabases.CreateEmptyAsync("model"));
        await using var db = TestDatabases.CreateContext(connectionString);
        var script = db.Database.GenerateCreateScript() + (extraSql ?? string.Empty);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(script, connection);
        await command.ExecuteNonQueryAsync();
        return connectionString;
    }

    private async Task<string> Track(Task<string> create)
    {
        var connectionString = await create;
        _databases.Add(connectionString);
        return connectionString;
    }
}
