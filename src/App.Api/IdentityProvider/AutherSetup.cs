using App.Api.Health;
using Microsoft.Extensions.Options;

namespace App.Api.IdentityProvider;

public static class AutherSetup
{
    public static IServiceCollection AddAutherClient(this IServiceCollection services)
    {
        services.AddOptions<AutherClientOptions>().BindConfiguration(AutherClientOptions.SectionName);
        services.AddOptions<AbacOptions>().BindConfiguration(AbacOptions.SectionName);
        services.AddMemoryCache();
        services.AddSingleton<AutherResilience>();
        services.AddScoped<AutherPermissionChecks>();
        services.AddSingleton<AdminSession>();
        services.AddHostedService<AutherStartupReport>();
        services.AddHostedService<AdminSignOut>();
        services.AddHealthChecks().AddCheck<AdminCredentialHealthCheck>("auther-admin", tags: [HealthEndpoints.ReadyTag]);
        // No cookie jar: the admin cookie is sent explicitly, and nothing Auther sets may ride along unasked.
        services.AddHttpClient(AdminSession.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false });
        services.AddHttpClient<AutherClient>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<IOptions<AutherOptions>>().Value.BaseUri;
            // Polly enforces the per-call timeouts; this is only a backstop.
            http.Timeout = TimeSpan.FromSeconds(60);
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false });
        return services;
    }
}
