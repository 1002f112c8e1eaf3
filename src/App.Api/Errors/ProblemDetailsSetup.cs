using System.Diagnostics;
using App.Api.Database;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                validation.Extensions.TryAdd("code", ValidationFailed);
                NameFieldsAsJson(validation, context.HttpContext);
            }
        });
        // Request records and handler parameters are checked by their DataAnnotations attributes ([Required],
        // [StringLength], [Range]...) before the handler runs; a failure answers 400 through the callback above.
        services.AddValidation();
        services.AddExceptionHandler<GlobalExceptionHandler>();
        services.TryAddSingleton<DatabaseOutage>();

        // Binding failures (malformed JSON, wrong types) throw so GlobalExceptionHandler can say what was wrong,
        // instead of the framework's empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options => options.SerializerOptions.AllowTrailingCommas = false);
        return services;
    }

    /// <summary>The <c>code</c> of a 400 whose <c>errors</c> name the fields that failed validation.</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>
    /// The framework's validation names fields as C# does (<c>Preferences[0].Type</c>); clients sent them as JSON
    /// (<c>preferences[0].type</c>), so each part of the path goes through the app's JSON naming policy.
    /// </summary>
    private static void NameFieldsAsJson(HttpValidationProblemDetails problem, HttpContext context)
    {
        var policy = context.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions.PropertyNamingPolicy;
        if (policy is null || problem.Errors.Count == 0)
        {
            return;
        }

        problem.Errors = problem.Errors
            .GroupBy(e => string.Join('.', e.Key.Split('.').Select(policy.ConvertName)), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Every error leaves as application/problem+json: thrown ones, and bodiless status codes (404, 405, 401...).</summary>
    public static IApplicationBuilder UseAppProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
