using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace App.Api.Database;

public static class DatabaseSetup
{
    public static IHostApplicationBuilder AddAppDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.ConnectionString ??= configuration.GetConnectionString("Default");
                options.DirectConnectionString ??= configuration.GetConnectionString("Direct") is { Length: > 0 } direct ? direct : null;
                if (options.ThroughPooler && options.ConnectionString is { Length: > 0 } pooled)
                {
                    options.ConnectionString = PoolerSafe(pooled);
                }
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        builder.Services.TryAddSingleton<DatabaseOutage>();
        builder.Services.AddDbContextPool<AppDbContext>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            options.UseAppDatabase(database.ConnectionString!)
                .AddInterceptors(services.GetRequiredService<DatabaseOutage>())
                .WithoutFailureEvents();
        });
        return builder;
    }

    /// <summary>
    /// Npgsql resets a pooled connection with DISCARD ALL before its next use. Through a transaction-mode pooler that
    /// statement lands on whichever server connection is free and resets nothing of ours (the app keeps no session
    /// state there), so it would only cost a round trip per checkout.
    /// </summary>
    private static string PoolerSafe(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return connectionString; // DatabaseOptionsValidator names the fault.
        }
    }

    /// <summary>
    /// A failed command is answered (503, 400) or logged once by GlobalExceptionHandler, and a failed migration is
    /// reported in one line by its verb; EF's own error events would add a stack trace per request during an outage.
    /// </summary>
    private static DbContextOptionsBuilder WithoutFailureEvents(this DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug)));

    /// <summary>
    /// Applies pending migrations over the direct connection (a migration may need a session a pooler would not keep).
    /// EF takes a database lock, so several instances may call it at once.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseSetup));
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var options = new DbContextOptionsBuilder<AppDbContext>().UseLoggerFactory(services.GetRequiredService<ILoggerFactory>());
        options.UseAppDatabase(database.Direct).WithoutFailureEvents();
        await using var db = new AppDbContext(options.Options);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Database schema is up to date");
            return;
        }

        logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database migrated");
    }
}
