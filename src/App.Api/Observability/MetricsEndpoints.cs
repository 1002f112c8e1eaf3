namespace App.Api.Observability;

public static class MetricsEndpoints
{
    /// <summary>
    /// Prometheus text format of the app's meters. Anonymous, like most scrape targets: expose it on an internal
    /// network only, or turn it off with <c>Metrics:Enabled=false</c> and use dotnet-counters.
    /// </summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Metrics:Enabled", true))
        {
            // Start listening now: measurements made before the first scrape would otherwise be lost.
            app.ServiceProvider.GetRequiredService<MetricsCollector>();
            app.MapGet("/metrics", (MetricsCollector collector) =>
                    Results.Text(collector.Render(), "text/plain; version=0.0.4; charset=utf-8"))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        return app;
    }
}
