using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace App.Api.Health;

/// <summary>
/// Every health check answers within <c>Health:CheckTimeout</c> (2 s by default) and says it timed out: under a
/// hung database, Npgsql's own connect timeout (15 s) held <c>/health/ready</c>, and the probe's caller gave up
/// first. Applied to every registered check, whoever registers it. The bound is enforced on the result, not
/// only by cancelling the check's token: a check (or a cancel request to a hung server) that ignores the token
/// is left to finish in the background.
/// </summary>
public sealed class HealthCheckTimeout(IOptions<HealthOptions> health, TimeProvider time) : IPostConfigureOptions<HealthCheckServiceOptions>
{
    public void PostConfigure(string? name, HealthCheckServiceOptions options)
    {
        var timeout = health.Value.CheckTimeout;
        foreach (var registration in options.Registrations)
        {
            var inner = registration.Factory;
            var failureStatus = registration.FailureStatus;
            registration.Factory = services => new Bounded(services.GetRequiredService<IServiceScopeFactory>(), inner, timeout, failureStatus, time);
        }
    }

    /// <summary>
    /// The check runs in a scope of its own, built and disposed inside the bound: resolving a first DbContext can
    /// take seconds, and disposing one whose connection attempt is still pending waits for it.
    /// </summary>
    private sealed class Bounded(IServiceScopeFactory scopes, Func<IServiceProvider, IHealthCheck> create, TimeSpan timeout,
        HealthStatus failureStatus, TimeProvider time) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            var token = limit.Token;
            var running = Task.Run(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                return await create(scope.ServiceProvider).CheckHealthAsync(context, token);
            }, CancellationToken.None);
            try
            {
                return await running.WaitAsync(timeout, time, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The abandoned check gets its cancellation even if the wait ran out a moment before CancelAfter fired.
                await limit.CancelAsync();
                return new HealthCheckResult(failureStatus, $"No answer within {timeout.TotalSeconds:0.#} s (Health:CheckTimeout).");
            }
        }
    }
}

/// <summary>Section <c>Health</c>.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>How long one readiness check may take before it is reported as failed.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
