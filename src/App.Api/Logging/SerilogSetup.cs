using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Json;

namespace App.Api.Logging;

/// <summary>
/// Serilog through Microsoft.Extensions.Logging (Serilog.AspNetCore cannot be restored here).
/// Human-readable lines in Development, one JSON object per line elsewhere; <c>Log:Format</c> overrides.
/// </summary>
public static class SerilogSetup
{
    private static bool IsMigrationHistoryProbe(LogEvent e) =>
        e.Level == LogEventLevel.Error &&
        e.Properties.TryGetValue("commandText", out var text) &&
        text.ToString().Contains("__EFMigrationsHistory", StringComparison.Ordinal) &&
        !text.ToString().Contains("INSERT", StringComparison.OrdinalIgnoreCase);

    public static IHostApplicationBuilder AddAppLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // Built from the final configuration (the container's), so settings added late (tests, WebApplicationFactory) apply.
        builder.Services.AddSingleton<ILoggerProvider>(services => new SerilogLoggerProvider(
            CreateLogger(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>()), dispose: true));
        return builder;
    }

    public static Serilog.ILogger CreateLogger(IConfiguration configuration, IHostEnvironment environment)
    {
        var format = configuration["Log:Format"] ?? (environment.IsDevelopment() ? "text" : "json");
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            // Nothing here uses Data Protection (no cookies are issued), so its key-storage warning is noise.
            .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error)
            // EF probes the migrations history table by querying it; on an empty database that "fails" as designed.
            .Filter.ByExcluding(IsMigrationHistoryProbe)
            // AppRunner reports configuration errors as one line per setting; the host's stack trace adds nothing.
            .Filter.ByExcluding(e => e.Exception is Microsoft.Extensions.Options.OptionsValidationException)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Application", environment.ApplicationName);

        return (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)
                ? logger.WriteTo.Console(new JsonFormatter(renderMessage: true))
                : logger.WriteTo.Console(
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture))
            .CreateLogger();
    }
}
