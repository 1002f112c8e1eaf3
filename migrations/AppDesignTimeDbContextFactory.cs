using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace App.Migrations;

/// <summary>
/// How `dotnet ef` builds the context: the same options as the app, without starting the app (whose
/// start-up validates Auther settings the tools have no use for). Adding a migration never connects;
/// `database update` uses ConnectionStrings__Default when it is set.
/// </summary>
public sealed class AppDesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    private const string Placeholder = "Host=localhost;Database=app;Username=app";

    public AppDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Default") ?? Placeholder;
        var options = new DbContextOptionsBuilder<AppDbContext>().UseAppDatabase(connectionString);
        return new AppDbContext((DbContextOptions<AppDbContext>)options.Options);
    }
}
