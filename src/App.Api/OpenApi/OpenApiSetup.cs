using Microsoft.OpenApi;

namespace App.Api.OpenApi;

/// <summary>
/// OpenAPI document and Swagger UI. The filters make "Try it out" work as it reads: every route parameter
/// declared, the lock only on operations that need a token, the permission and the error answers of each
/// operation written on it, request fields that validation insists on marked required, every parameter described,
/// closed sets of values enumerated, examples for the request bodies and main responses, the webhook's body and
/// signature headers.
/// </summary>
public static class OpenApiSetup
{
    private const string PathPrefix = "/swagger";

    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddAppOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "App API",
                Version = "v1",
                Description = "The monolith's REST API. Identity comes from Auther: press Authorize and paste an Auther "
                    + "access token (locally: `$ADMIN_TOKEN` from `./run.sh`). Errors are application/problem+json.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                In = ParameterLocation.Header,
                Description = "An Auther access token (without the 'Bearer ' prefix).",
            });
            options.OperationFilter<RouteParametersFilter>();
            options.OperationFilter<AuthorizationFilter>();
            options.OperationFilter<ProblemResponsesFilter>();
            options.OperationFilter<WebhookOperationFilter>();
            options.ParameterFilter<AllowedValuesFilter>();
            options.SchemaFilter<AllowedValuesFilter>();
            options.SchemaFilter<SchemaExamples>();
            options.SchemaFilter<WebhookOperationFilter>();
            options.CustomSchemaIds(SchemaIds.For);
        });
        return services;
    }

    /// <summary>
    /// The document and the UI, both under <c>/swagger</c>. Their middleware matches every request's path against
    /// templates and patterns; behind one prefix test, the API's own requests skip that work.
    /// </summary>
    public static WebApplication UseAppOpenApi(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(PathPrefix), swagger => swagger
            .UseSwagger()
            .UseSwaggerUI(options =>
            {
                options.SwaggerEndpoint(PathPrefix + "/v1/swagger.json", "App API v1");
                options.DocumentTitle = "App API";
                // A pasted token survives a page reload (kept in the browser's localStorage).
                options.EnablePersistAuthorization();
                options.DisplayRequestDuration();
            }));
        return app;
    }

}
