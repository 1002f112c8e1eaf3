using System.Collections.Concurrent;
using System.Collections.Frozen;
using App.Api.Webhooks.Handlers;

namespace App.Api.Webhooks;

/// <summary>The dispatch table: one entry per Auther event type the app acts on; anything else is acknowledged and ignored.</summary>
public sealed class WebhookDispatcher(IServiceProvider services, ILogger<WebhookDispatcher> logger)
{
    internal const int MaxRememberedUnknownTypes = 256;

    private static readonly FrozenDictionary<string, Type> Table = new Dictionary<string, Type>
    {
        ["user.created"] = typeof(UserUpsertHandler),
        ["user.updated"] = typeof(UserUpsertHandler),
        ["user.deleted"] = typeof(UserDeletedHandler),
        ["security.new_device_login"] = typeof(NewDeviceHandler),
        ["session.created"] = typeof(NewDeviceHandler),
        ["access.granted"] = typeof(AuthRelationHandler),
        ["access.revoked"] = typeof(AuthRelationHandler),
        ["grant.created"] = typeof(AuthRelationHandler),
        ["grant.revoked"] = typeof(AuthRelationHandler),
        ["grant.condition.updated"] = typeof(AuthRelationHandler),
        ["group.member.added"] = typeof(AuthRelationHandler),
        ["group.member.removed"] = typeof(AuthRelationHandler),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // "Logged once" per process and type; bounded, since types come from the sender.
    private static readonly ConcurrentDictionary<string, byte> LoggedUnknownTypes = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, byte> loggedUnknownTypes = LoggedUnknownTypes;

    /// <summary>With a memory of its own instead of the process's (tests fill it without touching the process-wide one).</summary>
    internal WebhookDispatcher(IServiceProvider services, ILogger<WebhookDispatcher> logger, ConcurrentDictionary<string, byte> loggedUnknownTypes)
        : this(services, logger)
    {
        this.loggedUnknownTypes = loggedUnknownTypes;
    }

    public static IEnumerable<Type> HandlerTypes => Table.Values.Distinct();

    public Task<WebhookOutcome> DispatchAsync(WebhookContext context, CancellationToken cancellationToken)
    {
        if (Table.TryGetValue(context.Envelope.Type, out var handlerType))
        {
            return ((IWebhookHandler)services.GetRequiredService(handlerType)).HandleAsync(context, cancellationToken);
        }

        if (loggedUnknownTypes.Count < MaxRememberedUnknownTypes && loggedUnknownTypes.TryAdd(context.Envelope.Type, 0))
        {
            logger.LogInformation("Ignoring webhook events of type {EventType}: the app does not act on them (logged once)", context.Envelope.Type);
        }

        return Task.FromResult(WebhookOutcome.Ignored);
    }
}
