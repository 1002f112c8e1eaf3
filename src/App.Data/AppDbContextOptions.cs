using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace App.Data;

public static class AppDbContextOptions
{
    /// <summary>The assembly that holds the hand-written migrations (see migrations/).</summary>
    public const string MigrationsAssembly = "App.Migrations";

    /// <summary>One place that says how the app talks to PostgreSQL, shared by the API, the CLI verbs and the tests.</summary>
    public static DbContextOptionsBuilder UseAppDatabase(this DbContextOptionsBuilder builder, string connectionString) =>
        builder
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly))
            // The model snapshot generator lives in Microsoft.EntityFrameworkCore.Design, which cannot be
            // restored here, so there is no snapshot and EF would always report "pending model changes".
            // The MigrationsMatchModel test is what guards against drift instead.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
}
