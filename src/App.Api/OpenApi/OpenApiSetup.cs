using Microsoft.OpenApi;

namespace App.Api.OpenApi;

/// <summary>OpenAPI document and Swagger UI, with an "Authorize" button that takes an Auther bearer token.</summary>
public static class OpenApiSetup
{
    private const string BearerScheme = "Bearer";

    public static IServiceCollection AddAppOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "App API",
                Version = "v1",
                Description = "The monolith's REST API. Identity comes from Auther: paste an Auther access token under Authorize.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                In = ParameterLocation.Header,
                Description = "An Auther access token (without the 'Bearer ' prefix).",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [],
            });
            options.CustomSchemaIds(type => type.FullName?.Replace("+", ".", StringComparison.Ordinal));
        });
        return services;
    }

    public static WebApplication UseAppOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "App API v1");
            options.DocumentTitle = "App API";
        });
        return app;
    }
}
