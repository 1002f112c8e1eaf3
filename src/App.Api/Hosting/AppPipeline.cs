using App.Api.Auth;
using App.Api.Errors;
using App.Api.Features.Organizations;
using App.Api.Logging;
using App.Api.Network;
using App.Api.OpenApi;
using App.Api.ShadowUsers;
using App.Api.StorableText;

namespace App.Api.Hosting;

public static class AppPipeline
{
    /// <summary>Middleware in the order a request meets it.</summary>
    public static WebApplication UseAppPipeline(this WebApplication app)
    {
        app.UseShutdownDrain();
        app.UseAppForwardedHeaders();
        app.UseAppRequestLogging();
        app.UseHeaderLimits();
        app.UseAppProblemDetails();
        app.UseAppOpenApi();
        app.UseRouting();
        app.UseAppCors();
        app.Use(AnswerUnknownRoutes);
        app.UseInputTextRules();
        app.UseJsonCharsetRule();
        app.UseAppRateLimiting();
        app.UseAppAuthentication();
        app.UseShadowUsers();
        app.UseOrganizationContext();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// The fallback authorization policy also covers requests that matched no endpoint, which would turn
    /// an unknown route into a 401. A route that does not exist is a 404, whoever asks.
    /// </summary>
    private static Task AnswerUnknownRoutes(HttpContext context, RequestDelegate next) =>
        context.GetEndpoint() is not null
            ? next(context)
            : Problems.WriteAsync(context, Problems.Create(StatusCodes.Status404NotFound, "Not found", "No resource matches this path."));
}
