using App.Api.Data;
using Microsoft.Extensions.Options;

namespace App.Api.Hosting;

public static class AppRunner
{
    /// <summary>
    /// Runs the web host. A configuration mistake stops the process with exit code 1 and one line per
    /// bad setting on stderr, rather than a stack trace or a server that fails on its first request.
    /// </summary>
    public static async Task<int> RunAppAsync(this WebApplication app, string[] args)
    {
        try
        {
            var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (database.MigrateOnStartup || args.Contains("--migrate"))
            {
                await app.Services.MigrateDatabaseAsync();
            }

            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"Configuration error: {failure}");
            }

            return 1;
        }
        catch (InvalidOperationException ex) when (ConfigurationErrors.IsConversionFailure(ex))
        {
            await Console.Error.WriteLineAsync(ConfigurationErrors.Describe(ex));
            return 1;
        }
    }
}
