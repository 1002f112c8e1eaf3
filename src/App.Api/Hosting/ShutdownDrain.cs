using Microsoft.Extensions.Options;

namespace App.Api.Hosting;

/// <summary>
/// The drain: the host runs every <see cref="IHostedLifecycleService.StoppingAsync"/> before it stops any service,
/// Kestrel included, so waiting here keeps the server accepting while readiness already says 503.
/// </summary>
public sealed class ShutdownDrain(
    IHostApplicationLifetime lifetime,
    IOptions<ShutdownOptions> options,
    TimeProvider time,
    ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // SIGTERM has already set ApplicationStopping; a stop started in code (a test host) has not yet, and the
        // drain is announced through it either way. Setting it twice does nothing.
        lifetime.StopApplication();
        var shutdown = options.Value;
        if (shutdown.DrainDelay > TimeSpan.Zero)
        {
            logger.LogInformation("Shutting down: /health/ready answers 503; serving {DrainSeconds} s more with Connection: close",
                shutdown.DrainDelay.TotalSeconds);
            try
            {
                await Task.Delay(shutdown.DrainDelay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The host's budget ran out first: go on stopping.
            }
        }

        logger.LogInformation("Refusing new connections; requests under way get up to {InFlightSeconds} s to finish", shutdown.InFlightTimeout.TotalSeconds);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
