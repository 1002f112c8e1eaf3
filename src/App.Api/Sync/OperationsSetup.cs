using Microsoft.Extensions.Options;

namespace App.Api.Sync;

public static class OperationsSetup
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddOptions<ReconcileOptions>().BindConfiguration(ReconcileOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReconcileOptions>, ReconcileOptionsValidator>();
        services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>();
        services.AddSingleton<SyncMetrics>();
        services.AddScoped<UserSync>();
        services.AddSingleton<SyncService>();
        services.AddHostedService(provider => provider.GetRequiredService<SyncService>());
        services.AddScoped<Reconciliation>();
        services.AddSingleton<ReconcileService>();
        services.AddHostedService(provider => provider.GetRequiredService<ReconcileService>());
        return services;
    }
}
