using System.Text.Json;
using App.Api.Webhooks;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Webhooks;

/// <summary>An event type the app does not act on is acknowledged as ignored, and said in the log once, not on every delivery.</summary>
public sealed class WebhookDispatcherTests
{
    [Fact]
    public async Task AnUnknownType_IsIgnored_AndLoggedOnce()
    {
        var logger = new RecordingLogger<WebhookDispatcher>();
        using var services = new ServiceCollection().BuildServiceProvider();
        var dispatcher = new WebhookDispatcher(services, logger);
        var type = "unknown." + Guid.NewGuid().ToString("N");
        using var data = JsonDocument.Parse("{}");

        for (var i = 0; i < 3; i++)
        {
            var context = new WebhookContext(new WebhookEnvelope("evt_" + i, type, 1767225600123, data.RootElement, null));
            (await dispatcher.DispatchAsync(context, CancellationToken.None)).ShouldBe(WebhookOutcome.Ignored);
        }

        logger.Entries.Count(e => e.Message.Contains(type, StringComparison.Ordinal)).ShouldBe(1);
    }
}
