using System.Diagnostics;
using App.Api.Database;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace App.Api.Errors;

public static class ProblemDetailsSetup
{
    public static IServiceCollection AddAppProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            // The W3C trace id alone, as every log line of the request carries it (the framework's default
            // would be the whole traceparent, which no log search matches).
            context.ProblemDetails.Extensions["traceId"] =
                Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<GlobalExceptionHandler>();
        services.TryAddSingleton<DatabaseOutage>();

        // Binding failures (malformed JSON, wrong types) throw so GlobalExceptionHandler can say what was wrong,
        // instead of the framework's empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options => options.SerializerOptions.AllowTrailingCommas = false);
        return services;
    }

    /// <summary>Every error leaves as application/problem+json: thrown ones, and bodiless status codes (404, 405, 401...).</summary>
    public static IApplicationBuilder UseAppProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
