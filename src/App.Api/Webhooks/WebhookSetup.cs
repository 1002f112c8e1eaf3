using Microsoft.Extensions.Options;

namespace App.Api.Webhooks;

public static class WebhookSetup
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();

        services.AddSingleton<WebhookKeyRing>();
        services.AddSingleton<WebhookVerifier>();
        services.AddSingleton<WebhookMetrics>();
        services.AddScoped<WebhookReceiver>();
        services.AddScoped<WebhookProcessor>();
        services.AddScoped<WebhookInbox>();
        services.AddScoped<WebhookDispatcher>();
        services.AddScoped<WebhookAdminService>();
        foreach (var handler in WebhookDispatcher.HandlerTypes)
        {
            services.AddScoped(handler);
        }

        services.AddSingleton<WebhookInboxPurger>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookInboxPurger>());
        return services;
    }
}
