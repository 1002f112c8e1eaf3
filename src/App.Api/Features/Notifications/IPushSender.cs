namespace App.Api.Features.Notifications;

/// <summary>The push provider (APNs, FCM, web push). A seam: the default only logs, tests record.</summary>
public interface IPushSender
{
    Task SendAsync(PushTarget target, PushMessage message, CancellationToken cancellationToken);
}
