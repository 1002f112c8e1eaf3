using App.Api.Auth;
using App.Api.IdentityProvider;
using App.Api.Database;
using App.Api.Errors;
using App.Api.Audit;
using App.Api.Features.Notifications;
using App.Api.Health;
using App.Api.Logging;
using App.Api.Network;
using App.Api.Observability;
using App.Api.OpenApi;
using App.Api.ShadowUsers;
using App.Api.Sync;
using App.Api.StorableText;
using App.Api.Webhooks;
using Microsoft.Extensions.Options;

namespace App.Api.Hosting;

/// <summary>The services of the app, in one list shared by the web host and the CLI verbs.</summary>
public static class AppServices
{
    public static WebApplicationBuilder AddAppServices(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddFlatNameAliases();
        builder.WebHost.ConfigureHeaderCeiling();
        builder.AddAppLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.AddAppTelemetry();
        builder.Services.AddScoped<AuditTrail>();

        builder.Services.AddOptions<AutherOptions>().BindConfiguration(AutherOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AutherOptions>, AutherOptionsValidator>();

        builder.Services.AddAutherClient();

        builder.AddAppDatabase();
        builder.Services.AddAppProblemDetails();
        builder.Services.AddInputTextRules();
        builder.Services.AddAppAuthentication();
        builder.Services.AddShadowUsers();
        builder.Services.AddAppNetwork();
        builder.Services.AddAppRateLimiting();
        builder.Services.AddAppOpenApi();
        builder.Services.AddAppHealthChecks();
        builder.Services.AddNotifications();
        builder.Services.AddWebhooks();
        builder.Services.AddOperations();
        builder.Services.AddGracefulShutdown();
        DevelopmentSeed.AddTo(builder.Services, builder.Environment);
        return builder;
    }
}
