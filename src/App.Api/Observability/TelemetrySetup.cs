using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace App.Api.Observability;

/// <summary>
/// OpenTelemetry for metrics and traces: the app's own meters (every meter named "App.*"), ASP.NET Core,
/// Kestrel, HttpClient (the calls to Auther) and Npgsql. Metrics are scraped on <c>/metrics</c> unless
/// <c>Metrics:Enabled=false</c>; both signals are also pushed over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the other <c>OTEL_*</c> variables itself).
/// ASP.NET Core's routing, authentication and authorization instruments count every request once more each
/// (about 2 % of a warm request's CPU together) and say little that <c>http.server.request.duration</c> (route and
/// status) and the <c>App.Auth</c> meter (authentications by method, verifications by result) do not; the server's
/// memory pool counts every buffer it rents and returns (about 1 %). They are only collected with
/// <c>Metrics:Detailed=true</c>. An instrument nobody collects is never enabled, so it costs nothing.
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string DetailedSetting = "Metrics:Detailed";

    /// <summary>The framework meters collected only with <c>Metrics:Detailed=true</c>.</summary>
    public static readonly IReadOnlySet<string> DetailMeters = new HashSet<string>(StringComparer.Ordinal)
    {
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.MemoryPool",
    };

    public static IHostApplicationBuilder AddAppTelemetry(this IHostApplicationBuilder builder)
    {
        var scrape = builder.Configuration.GetValue("Metrics:Enabled", true);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        builder.Services.AddOptions<TelemetryOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.OtlpEndpoint = configuration[OtlpEndpointSetting];
                options.Detailed = configuration[DetailedSetting];
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName));
        if (scrape || otlp)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter("App.*")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation();
                // Read from the final configuration (the container's), like Metrics:Enabled on the endpoint. Mapping
                // /metrics builds this provider before start-up validation has reported a bad value: here it means false.
                ((IDeferredMeterProviderBuilder)metrics).Configure((services, builder) =>
                {
                    var detailed = TelemetryOptions.IsTrue(services.GetRequiredService<IConfiguration>()[DetailedSetting]);
                    var ownMeters = services.GetRequiredService<IMeterFactory>();
                    builder.AddView(instrument => Collects(instrument, ownMeters, detailed) ? null : MetricStreamConfiguration.Drop);
                });

                if (scrape)
                {
                    metrics.AddPrometheusExporter(options =>
                    {
                        // Each scrape sees the counters as they are now (a cached answer could hide the last requests);
                        // the app's metric names are already unique, so the scope label would only repeat the meter.
                        options.ScrapeResponseCacheDurationMilliseconds = 0;
                        options.ScopeInfoEnabled = false;
                    });
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        }

        // Traces only leave the process over OTLP: without it, recording spans would cost every request for
        // nothing. The trace id of logs and problem bodies comes from ASP.NET Core's own activity either way.
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>
    /// OpenTelemetry listens to meters by name in the whole process, so without the scope check a second host
    /// there (another instance in a test run, a benchmark's peer app) would add its requests to this host's
    /// instruments, and make that host pay for recording them. Meters made by a container's
    /// <see cref="IMeterFactory"/> (ASP.NET Core's, HttpClient's, the app's own) are collected only from this
    /// host's container; process-wide meters (Npgsql's) have no scope and are collected.
    /// </summary>
    internal static bool Collects(Instrument instrument, IMeterFactory ownMeters, bool detailed) =>
        (instrument.Meter.Scope is not IMeterFactory factory || ReferenceEquals(factory, ownMeters))
        && (detailed || !DetailMeters.Contains(instrument.Meter.Name));

    /// <summary>
    /// Prometheus text format of every meter above. Anonymous, like most scrape targets: expose it on an internal
    /// network only, or turn it off with <c>Metrics:Enabled=false</c> and use dotnet-counters.
    /// </summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Metrics:Enabled", true))
        {
            // Answered by routing itself, as the health probes are: a scrape needs no caller identity or rate limit.
            app.MapPrometheusScrapingEndpoint("/metrics")
                .AllowAnonymous()
                .ExcludeFromDescription()
                .ShortCircuit();
        }

        return app;
    }
}
