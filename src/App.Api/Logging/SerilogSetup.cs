using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace App.Api.Logging;

/// <summary>
/// Serilog for every log line of the app: human-readable lines in Development, one JSON object per line
/// elsewhere (<c>Log:Format</c> overrides); levels and extra sinks from the <c>Serilog</c> section.
/// The console is written by a background thread (Serilog.Sinks.Async), so a request never waits on stdout.
/// </summary>
public static class SerilogSetup
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {TraceId}{NewLine}{Exception}";

    /// <summary>
    /// The logger for start-up errors, before the host's own exists (a host that fails to build logs
    /// through it). The host never replaces it, so test hosts built side by side do not share a logger.
    /// </summary>
    public static void CreateBootstrapLogger() =>
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Warning()
            .WriteTo.Console(new RenderedCompactJsonFormatter(), standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();

    public static IHostApplicationBuilder AddAppLogging(this IHostApplicationBuilder builder)
    {
        // Built from the final configuration (the container's), so settings added late (tests, WebApplicationFactory) apply.
        builder.Services.AddSerilog((services, logger) => Configure(logger, services), preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// One line per request (method, path, status, elapsed), at Error for a 5xx. The path never includes the
    /// query string, which may carry secrets, and no header is logged, so no token reaches the log.
    /// </summary>
    public static IApplicationBuilder UseAppRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            // The host's logger: left unset, the middleware would write through the static (bootstrap) one.
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            options.IncludeQueryInRequestPath = false;
            // A 502/503 is a dependency's outage, already logged once per outage where it was detected:
            // one Error line per request would bury that line. Other 5xx are faults of ours.
            options.GetLevel = (context, _, exception) => context.Response.StatusCode switch
            {
                StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable when exception is null => LogEventLevel.Warning,
                >= 500 => LogEventLevel.Error,
                _ when exception is not null => LogEventLevel.Error,
                _ => LogEventLevel.Information,
            };
        });

    private static void Configure(LoggerConfiguration logger, IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var environment = services.GetRequiredService<IHostEnvironment>();
        var format = configuration["Log:Format"] ?? (environment.IsDevelopment() ? "text" : "json");
        logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            // Nothing here uses Data Protection (no cookies are issued), so its key-storage warning is noise.
            .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error)
            // It logs every failing check of every probe; HealthTransitions logs each state change once instead.
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogEventLevel.Fatal)
            // EF probes the migrations history table by querying it; on an empty database that "fails" as designed.
            .Filter.ByExcluding(IsMigrationHistoryProbe)
            // One line per connection refused over the cap would flood the log under a flood; RefusedConnectionLog says it once per burst.
            .Filter.ByExcluding(IsConnectionRejected)
            // AppRunner reports configuration errors as one line per setting; the host's stack trace adds nothing.
            .Filter.ByExcluding(e => e.Exception is Microsoft.Extensions.Options.OptionsValidationException)
            .ReadFrom.Configuration(configuration)
            // Sinks registered as services (ILogEventSink) receive every event too, as written, not via the buffer.
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Application", environment.ApplicationName);

        // Events wait in a bounded buffer (dropped rather than block when it is full): stdout is the slowest
        // thing a request would otherwise touch, and a stalled log reader must not stall the API.
        ITextFormatter formatter = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)
            ? new RenderedCompactJsonFormatter()
            : new MessageTemplateTextFormatter(TextTemplate, System.Globalization.CultureInfo.InvariantCulture);
        logger.WriteTo.Async(sink => sink.Console(formatter), bufferSize: 10_000, blockWhenFull: false);
    }

    private static bool IsConnectionRejected(LogEvent e) =>
        e.Properties.TryGetValue("EventId", out var id) && id is StructureValue structure &&
        structure.Properties.Any(p => p is { Name: "Name", Value: ScalarValue { Value: "ConnectionRejected" } });

    private static bool IsMigrationHistoryProbe(LogEvent e) =>
        e.Level == LogEventLevel.Error &&
        e.Properties.TryGetValue("commandText", out var text) &&
        text.ToString().Contains("__EFMigrationsHistory", StringComparison.Ordinal) &&
        !text.ToString().Contains("INSERT", StringComparison.OrdinalIgnoreCase);
}
