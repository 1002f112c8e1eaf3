using App.Api.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace App.Api.Hosting;

public static class AppRunner
{
    private const string MigrateFlag = "--migrate";

    /// <summary>
    /// The arguments for the host: without <c>--migrate</c>, which the command-line configuration would
    /// otherwise read as a key taking the next argument (<c>--urls</c>) as its value.
    /// </summary>
    public static string[] HostArguments(string[] args) => args.Where(a => a != MigrateFlag).ToArray();

    /// <summary>
    /// Runs the web host. A configuration mistake stops the process with exit code 1 and one line per
    /// bad setting on stderr (all of them at once), rather than a stack trace or a server that fails on
    /// its first request. An unreachable database does not stop it: it logs one line, answers 503 and
    /// reports on /health/ready until the database answers, then recovers without a restart.
    /// </summary>
    public static async Task<int> RunAppAsync(this WebApplication app, string[] args)
    {
        // Only a fault while migrating is the database's: a socket error from Kestrel's bind is not.
        var migrating = false;
        try
        {
            // Every option validated now, together, before any of them is used.
            app.Services.GetService<IStartupValidator>()?.Validate();
            var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (database.MigrateOnStartup || args.Contains(MigrateFlag))
            {
                migrating = true;
                await app.Services.MigrateDatabaseAsync();
                migrating = false;
            }
            else
            {
                app.Lifetime.ApplicationStarted.Register(() => _ = ProbeDatabaseAsync(app));
            }

            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (ConfigurationFailures(ex) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                await Console.Error.WriteLineAsync($"Configuration error: {failure}");
            }

            return 1;
        }
        catch (Exception ex) when (ConfigurationErrors.IsConversionFailure(ex))
        {
            await Console.Error.WriteLineAsync(ConfigurationErrors.Describe(ex));
            return 1;
        }
        catch (Exception ex) when (migrating && DatabaseFaults.IsUnavailable(ex))
        {
            await Console.Error.WriteLineAsync(AppCommands.MigrationFailure(app.Services, ex));
            return 1;
        }
    }

    private static List<string> ConfigurationFailures(Exception exception) => exception switch
    {
        OptionsValidationException options => options.Failures.ToList(),
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(ConfigurationFailures).ToList(),
        _ => [],
    };

    private static async Task ProbeDatabaseAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AppRunner));
        try
        {
            await using var connection = new NpgsqlConnection(app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString);
            await connection.OpenAsync(app.Lifetime.ApplicationStopping);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            var cause = DatabaseFaults.UnavailableCause(ex) ?? ex;
            logger.LogWarning("Database not reachable at start-up ({Reason}); requests that need it answer 503 and /health/ready reports it until it answers",
                cause.Message);
        }
    }
}
