namespace App.Api.Features.Notifications;

/// <summary>
/// Stands in for a push provider until one is configured: it records that a push would have gone out,
/// naming the platform and notification type but never the device token or the text.
/// </summary>
public sealed class LoggingPushSender(ILogger<LoggingPushSender> logger) : IPushSender
{
    public Task SendAsync(PushTarget target, PushMessage message, CancellationToken cancellationToken)
    {
        logger.LogInformation("Push {NotificationType} to {Platform} device {TokenId}", message.Type, target.Platform, target.TokenId);
        return Task.CompletedTask;
    }
}
