using App.Api.Health;

namespace App.Api.ShadowUsers;

public static class ShadowUsersSetup
{
    public static IServiceCollection AddShadowUsers(this IServiceCollection services)
    {
        services.AddScoped<ShadowUserStore>();
        services.AddSingleton<ShadowUserCache>();
        services.AddSingleton<ShadowUserProvisioner>();
        services.AddSingleton<ShadowUserRefresher>();
        services.AddSingleton<ShadowUserLookup>();
        services.AddSingleton<RevocationList>();
        services.AddHostedService(sp => sp.GetRequiredService<ShadowUserRefresher>());
        services.AddHostedService(sp => sp.GetRequiredService<ShadowUserLookup>());
        services.AddHostedService<CacheInvalidationListener>();
        services.AddHealthChecks().AddCheck<RevocationListHealthCheck>("deny-list", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>After authentication, before the organization context and authorization: <see cref="IdentityMiddleware"/>.</summary>
    public static IApplicationBuilder UseShadowUsers(this IApplicationBuilder app) => app.UseMiddleware<IdentityMiddleware>();
}
