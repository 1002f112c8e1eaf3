using App.Api.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace App.Api.Hosting;

/// <summary>
/// Leaving without failing a request: on SIGTERM <c>/health/ready</c> answers 503 at once while the instance
/// keeps serving for <see cref="ShutdownOptions.DrainDelay"/>, every answer saying <c>Connection: close</c> so
/// clients and proxies stop reusing its connections; then Kestrel stops accepting and waits for the requests it
/// accepted (up to <see cref="ShutdownOptions.InFlightTimeout"/>); background services stop last. Every part keys
/// off <see cref="IHostApplicationLifetime.ApplicationStopping"/>, the framework's own "stopping" signal.
/// </summary>
public static class GracefulShutdown
{
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services)
    {
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShutdownOptions>, ShutdownOptionsValidator>();
        // One budget for the whole stop (the host cancels everything still running when it ends).
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Total);
        services.AddHostedService<ShutdownDrain>();
        services.AddHealthChecks().AddCheck<ShutdownHealthCheck>("shutdown", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>First in the pipeline: while draining, every HTTP/1 answer closes its connection.</summary>
    public static IApplicationBuilder UseShutdownDrain(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use((context, next) =>
        {
            if (stopping.IsCancellationRequested && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
            {
                // Set as the answer starts, so an error handler that clears the headers does not drop it.
                context.Response.OnStarting(static response =>
                {
                    ((HttpResponse)response).Headers.Connection = "close";
                    return Task.CompletedTask;
                }, context.Response);
            }

            return next(context);
        });
    }
}

/// <summary>Not ready from the moment the instance starts stopping: load balancers take it out during the drain.</summary>
public sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("The instance is shutting down: it finishes what it has and takes nothing new.")
            : HealthCheckResult.Healthy("Serving."));
}
