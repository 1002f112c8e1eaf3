using App.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.Web.Hosting;

/// <summary>
/// <c>migrate</c> applies the web app's migrations (schema <c>web</c>) and exits; <c>--migrate</c> applies them and
/// then serves (containers). Both are taken out of the arguments the host sees.
/// </summary>
public static class WebCommands
{
    public static (string[] HostArgs, bool Migrate, bool Exit) Parse(string[] args) =>
        (args.Where(a => a is not ("migrate" or "--migrate")).ToArray(), args.Contains("migrate") || args.Contains("--migrate"), args.Contains("migrate"));

    public static async Task MigrateAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<WebDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready"), ResultStatusCodes = { [HealthStatus.Unhealthy] = 503 } });
        return app;
    }
}
