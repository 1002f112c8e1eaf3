using Microsoft.EntityFrameworkCore;

namespace App.Data;

public static class AppDbContextOptions
{
    /// <summary>The assembly that holds the migrations and the model snapshot (see migrations/).</summary>
    public const string MigrationsAssembly = "App.Migrations";

    /// <summary>One place that says how the app talks to PostgreSQL, shared by the API, the CLI verbs, `dotnet ef` and the tests.</summary>
    public static DbContextOptionsBuilder UseAppDatabase(this DbContextOptionsBuilder builder, string connectionString) =>
        builder
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly))
            // Tables, columns, keys, foreign keys and indexes in snake_case; names spelled out in a
            // configuration (the unique indexes' ux_ names, xmin) are left as written.
            .UseSnakeCaseNamingConvention();
}
