using Microsoft.Extensions.Options;

namespace App.Api.Auther;

public static class AutherSetup
{
    public static IServiceCollection AddAutherClient(this IServiceCollection services)
    {
        services.AddOptions<AutherClientOptions>().BindConfiguration(AutherClientOptions.SectionName);
        services.AddOptions<AbacOptions>().BindConfiguration(AbacOptions.SectionName);
        services.AddMemoryCache();
        services.AddSingleton<AutherResilience>();
        services.AddScoped<AutherPermissionChecks>();
        services.AddHttpClient<AutherClient>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<IOptions<AutherOptions>>().Value.BaseUri;
            // Polly enforces the per-call timeouts; this is only a backstop.
            http.Timeout = TimeSpan.FromSeconds(60);
        });
        return services;
    }
}
