using System.Text.Json;
using App.Api.Database;
using App.Api.Errors;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace App.Api.Health;

public static class HealthEndpoints
{
    /// <summary>Checks tagged "ready" gate <c>/health/ready</c>; <c>/health/live</c> only says the process answers.</summary>
    public const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddAppHealthChecks(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName)
            .Validate(o => o.CheckTimeout > TimeSpan.Zero && o.CheckTimeout <= TimeSpan.FromMinutes(1),
                "Health:CheckTimeout must be between 0 and 1 minute, e.g. 00:00:02 (Health__CheckTimeout).")
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<HealthCheckServiceOptions>, HealthCheckTimeout>();
        services.AddSingleton<HealthTransitions>();
        return services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        // Probes are answered by routing itself (ShortCircuit): a load balancer's probe needs no caller identity,
        // CORS, rate limit or authorization, and skipping them makes a probe a few microseconds. The request log,
        // header limits and problem details, which come before routing, still apply.
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous().ExcludeFromDescription();
        group.ShortCircuit();
        // Liveness runs no check: it only says the process answers.
        group.MapHealthChecks("/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = WriteAsync,
        });
        group.MapHealthChecks("/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
        });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.RequestServices.GetRequiredService<HealthTransitions>().Record(report);
        var checks = report.Entries.ToDictionary(e => e.Key, e => new
        {
            status = e.Value.Status.ToString(),
            description = e.Value.Description ?? Describe(e.Value.Exception),
            durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
        });
        if (report.Status == HealthStatus.Unhealthy)
        {
            // An error like any other: problem+json, and a load balancer or client learns when to look again.
            var problem = Problems.Create(StatusCodes.Status503ServiceUnavailable, "Not ready",
                string.Join("; ", checks.Where(c => c.Value.status != nameof(HealthStatus.Healthy)).Select(c => $"{c.Key}: {c.Value.description}")),
                "not_ready");
            problem.Extensions["checks"] = checks;
            return Problems.WriteAsync(context, problem, DatabaseOutage.RetryAfter);
        }

        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString(), checks },
            cancellationToken: context.RequestAborted);
    }

    /// <summary>What went wrong in a line (the check itself gives no description when it throws).</summary>
    private static string? Describe(Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }

        var cause = DatabaseFaults.UnavailableCause(exception) ?? exception;
        return $"{cause.GetType().Name}: {cause.Message}";
    }
}
