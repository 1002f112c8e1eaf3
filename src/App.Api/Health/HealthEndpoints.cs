using System.Text.Json;
using App.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.Api.Health;

public static class HealthEndpoints
{
    /// <summary>Checks tagged "ready" gate <c>/health/ready</c>; <c>/health/live</c> only says the process answers.</summary>
    public const string ReadyTag = "ready";

    private static readonly byte[] LiveBody = """{"status":"Healthy","checks":{}}"""u8.ToArray();

    public static IHealthChecksBuilder AddAppHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: [ReadyTag]);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous().ExcludeFromDescription();
        // Liveness runs no check, so its answer is a constant: the health-check service would add a scope,
        // a report and a reflection-serialized body to every probe (and to the benchmark's anonymous ceiling).
        group.MapGet("/live", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(LiveBody, "application/json");
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
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        }, cancellationToken: context.RequestAborted);
    }
}
