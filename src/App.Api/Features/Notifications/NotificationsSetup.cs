namespace App.Api.Features.Notifications;

public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddScoped<NotificationService>();
        services.AddScoped<Expenses.ExpenseNotifications>();
        services.AddSingleton<IPushSender, LoggingPushSender>();
        return services;
    }
}
