using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace App.Tests.Database;

/// <summary>
/// The migration that renames <c>expenses.approved_by</c> to <c>decided_by</c> keeps every recorded decider: a
/// database at the migration before it holds an approved and a rejected expense, and after migrating up (and
/// back down) both still name who decided them.
/// </summary>
public sealed class DecidedByMigrationTests : IAsyncLifetime
{
    private const string Rename = "RenameApprovedByToDecidedBy";
    private const string Approver = "user-approver";
    private const string Rejecter = "user-rejecter";
    private static readonly Guid ApprovedId = Guid.NewGuid();
    private static readonly Guid RejectedId = Guid.NewGuid();

    private string _connectionString = null!;

    [Fact]
    public async Task MigratingUp_KeepsTheDecidersOfExistingExpenses_InDecidedBy()
    {
        await using var db = TestDatabases.CreateContext(_connectionString);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(PreviousMigration(db));
        await InsertDecidedExpensesAsync(column: "approved_by");

        await migrator.MigrateAsync();

        (await ColumnsAsync()).ShouldNotContain("approved_by");
        var deciders = await db.Expenses.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.DecidedBy);
        deciders[ApprovedId].ShouldBe(Approver);
        deciders[RejectedId].ShouldBe(Rejecter);
    }

    [Fact]
    public async Task MigratingDown_KeepsTheDeciders_InApprovedBy()
    {
        await using var db = TestDatabases.CreateContext(_connectionString);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync();
        await InsertDecidedExpensesAsync(column: "decided_by");

        await migrator.MigrateAsync(PreviousMigration(db));

        (await ColumnsAsync()).ShouldNotContain("decided_by");
        (await DecidersAsync("approved_by")).ShouldBe([Approver, Rejecter], ignoreOrder: true);
    }

    public async Task InitializeAsync() => _connectionString = await TestDatabases.CreateEmptyAsync("decidedby");

    public Task DisposeAsync() => TestDatabases.DropAsync(_connectionString);

    /// <summary>The migration just before the rename, found by position so a later migration does not move it.</summary>
    private static string PreviousMigration(AppDbContext db)
    {
        var all = db.Database.GetMigrations().ToList();
        var rename = all.FindIndex(id => id.EndsWith("_" + Rename, StringComparison.Ordinal));
        rename.ShouldBeGreaterThan(0, $"No migration named {Rename}.");
        return all[rename - 1];
    }

    /// <summary>Raw SQL, because the EF model only knows the new column name.</summary>
    private async Task InsertDecidedExpensesAsync(string column)
    {
        var orgId = Guid.NewGuid();
        await ExecuteAsync($"""
            INSERT INTO users (id, email_verified, banned, created_at, updated_at)
            VALUES ('{Approver}', false, false, now(), now()), ('{Rejecter}', false, false, now(), now());
            INSERT INTO organizations (id, slug, name, created_at) VALUES ('{orgId}', 'acme', 'Acme', now());
            INSERT INTO expenses (id, organization_id, amount, currency, description, status, created_at, updated_at, decided_at, {column})
            VALUES ('{ApprovedId}', '{orgId}', 10, 'EUR', 'Train', 'approved', now(), now(), now(), '{Approver}'),
                   ('{RejectedId}', '{orgId}', 20, 'EUR', 'Hotel', 'rejected', now(), now(), now(), '{Rejecter}');
            """);
    }

    private async Task<List<string>> ColumnsAsync() =>
        await QueryAsync("SELECT column_name::text FROM information_schema.columns WHERE table_name = 'expenses'");

    private async Task<List<string>> DecidersAsync(string column) =>
        await QueryAsync($"SELECT {column} FROM expenses WHERE {column} IS NOT NULL");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
