using App.Data;
using App.Data.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace App.Tests.Database;

/// <summary>
/// The model snapshot (written by `dotnet ef`) must describe today's model, or `dotnet ef migrations add`
/// would write changes nobody asked for and Migrate() would refuse to run (PendingModelChangesWarning).
/// This runs the tool's own differ in-process: no database, no tool restore, no build of a second project.
/// </summary>
public sealed class ModelSnapshotTests
{
    private const string NoServer = "Host=localhost;Database=unused";

    [Fact]
    public void Snapshot_HasNoDifferenceFromTheModel_SoAddingAMigrationWritesAnEmptyOne()
    {
        using var db = Context(extraColumn: false);

        var operations = PendingOperations(db);

        operations.ShouldBeEmpty(string.Join(Environment.NewLine, operations.Select(Describe)));
        db.Database.HasPendingModelChanges().ShouldBeFalse();
    }

    [Fact]
    public void Differ_ReportsAPropertyAddedWithoutAMigration()
    {
        using var db = Context(extraColumn: true);

        var operations = PendingOperations(db);

        operations.Select(Describe).ShouldBe(["AddColumnOperation users.nickname"]);
    }

    [Fact]
    public void UniqueIndexes_KeepTheirUxNames()
    {
        using var db = Context(extraColumn: false);

        var unique = db.Model.GetEntityTypes().SelectMany(e => e.GetIndexes()).Where(i => i.IsUnique)
            .Select(i => i.GetDatabaseName()).Order(StringComparer.Ordinal);

        unique.ShouldBe(["ux_members_organization_id_user_id", "ux_organizations_slug", "ux_push_tokens_token"]);
    }

    private static IReadOnlyList<MigrationOperation> PendingOperations(AppDbContext db)
    {
        // What Migrator.HasPendingModelChanges does, kept as a list so a failure names the changes.
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot;
        snapshot.ShouldNotBeNull("migrations/AppDbContextModelSnapshot.cs is missing");
        var snapshotModel = snapshot.Model is IMutableModel mutable ? mutable.FinalizeModel() : snapshot.Model;
        snapshotModel = db.GetService<IModelRuntimeInitializer>().Initialize(snapshotModel);
        return db.GetService<IMigrationsModelDiffer>().GetDifferences(
            snapshotModel.GetRelationalModel(), db.GetService<IDesignTimeModel>().Model.GetRelationalModel());
    }

    private static string Describe(MigrationOperation operation) => operation switch
    {
        AddColumnOperation add => $"{nameof(AddColumnOperation)} {add.Table}.{add.Name}",
        RenameIndexOperation rename => $"{nameof(RenameIndexOperation)} {rename.Name} -> {rename.NewName}",
        _ => operation.GetType().Name,
    };

    private static AppDbContext Context(bool extraColumn)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseAppDatabase(NoServer);
        if (extraColumn)
        {
            options.ReplaceService<IModelCustomizer, ExtraColumnCustomizer>();
        }

        return new AppDbContext(options.Options);
    }

    /// <summary>Stands in for a developer who adds a property and forgets the migration.</summary>
    private sealed class ExtraColumnCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            modelBuilder.Entity<User>().Property<string>("Nickname").HasMaxLength(64);
        }
    }
}
