using System.Collections.Concurrent;
using System.Text.Json;
using App.Api.Webhooks;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Webhooks;

/// <summary>
/// An event type the app does not act on is acknowledged as ignored, and said in the log once, not on every delivery;
/// the memory of types already logged is bounded.
/// </summary>
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

    [Theory]
    [InlineData(WebhookDispatcher.MaxRememberedUnknownTypes - 1, true)]
    [InlineData(WebhookDispatcher.MaxRememberedUnknownTypes, false)]
    public async Task TheMemoryOfUnknownTypes_IsBounded_AUnknownTypePastItIsNotLogged(int remembered, bool logged)
    {
        // Types come from the sender: once the memory is full, a new type is neither remembered nor logged.
        var logger = new RecordingLogger<WebhookDispatcher>();
        using var services = new ServiceCollection().BuildServiceProvider();
        var memory = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        for (var i = 0; i < remembered; i++)
        {
            memory.TryAdd("remembered." + i, 0);
        }

        var dispatcher = new WebhookDispatcher(services, logger, memory);
        var type = "unknown." + Guid.NewGuid().ToString("N");
        using var data = JsonDocument.Parse("{}");

        var context = new WebhookContext(new WebhookEnvelope("evt_1", type, 1767225600123, data.RootElement, null));
        (await dispatcher.DispatchAsync(context, CancellationToken.None)).ShouldBe(WebhookOutcome.Ignored);

        logger.Entries.Any(e => e.Message.Contains(type, StringComparison.Ordinal)).ShouldBe(logged);
        memory.Count.ShouldBe(logged ? remembered + 1 : remembered);
    }
}
