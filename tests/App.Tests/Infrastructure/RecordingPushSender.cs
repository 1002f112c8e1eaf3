using System.Collections.Concurrent;
using App.Api.Features.Notifications;

namespace App.Tests.Infrastructure;

/// <summary>Pushes the app would have sent, in order.</summary>
public sealed class RecordingPushSender : IPushSender
{
    public ConcurrentQueue<(PushTarget Target, PushMessage Message)> Sent { get; } = new();

    public IReadOnlyList<(PushTarget Target, PushMessage Message)> SentTo(string token) => Sent.Where(p => p.Target.Token == token).ToList();

    public Task SendAsync(PushTarget target, PushMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue((target, message));
        return Task.CompletedTask;
    }
}
