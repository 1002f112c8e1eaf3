using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Auther.Dev.Hosting;
using Auther.Dev.Json;
using Auther.Dev.Shared;
using Auther.Dev.Webhooks.Delivery;

namespace Auther.Dev.Webhooks;

/// <summary>
/// Turns a state change into an event and its deliveries: the envelope, which endpoints get it (deployed
/// Auther sends <c>user.*</c>, <c>session.*</c> and <c>account.*</c> only to endpoints owned by that user), and the
/// duplicate / shuffle switches.
/// </summary>
internal sealed class EventPublisher(
    EndpointRegistry endpoints, WebhookDeliveryQueue deliveryQueue, DeliveryLog log, ServerInfo server, TimeProvider time)
{
    public OutgoingEvent Publish(string type, object data) => PublishBatch([(type, data)], shuffle: false)[0];

    public IReadOnlyList<OutgoingEvent> PublishBatch(IEnumerable<(string Type, object Data)> items, bool shuffle)
    {
        var events = items.Select(item => Create(item.Type, item.Data)).ToList();
        foreach (var endpoint in endpoints.All)
        {
            var deliveries = new List<DeliveryState>();
            foreach (var evt in events.Where(e => Routes(endpoint, e)))
            {
                var body = Body(evt, endpoint);
                deliveries.Add(new DeliveryState(log.NextId(), evt, endpoint, body, isDuplicate: false));
                if (deliveryQueue.DeliverTwice)
                {
                    deliveries.Add(new DeliveryState(log.NextId(), evt, endpoint, body, isDuplicate: true));
                }
            }

            if (shuffle && deliveryQueue.ShuffleBatches)
            {
                Random.Shared.Shuffle(CollectionsMarshal.AsSpan(deliveries));
            }

            deliveries.ForEach(log.Add);
            deliveryQueue.Enqueue(deliveries);
        }

        return events;
    }

    private OutgoingEvent Create(string type, object data)
    {
        var element = data is JsonElement json ? json.Clone() : JsonSerializer.SerializeToElement(data, AutherJson.Options);
        var origin = type.StartsWith("user.", StringComparison.Ordinal) || type.StartsWith("session.", StringComparison.Ordinal)
            || type.StartsWith("account.", StringComparison.Ordinal)
            ? "better-auth"
            : "auther";
        return new OutgoingEvent(Ids.NewEventId(), type, time.GetUtcNow().ToUnixTimeMilliseconds(), origin, element);
    }

    private bool Routes(WebhookEndpointOptions endpoint, OutgoingEvent evt)
    {
        if (endpoint.EventTypes is { } types && !types.Contains(evt.Type))
        {
            return false;
        }

        // Deployed Auther sends what concerns a user (user.*, session.*, account.*) only to endpoints that user owns.
        if (server.Mode == AutherMode.Deployed && evt.Origin == "better-auth")
        {
            var owner = evt.Type.StartsWith("user.", StringComparison.Ordinal) ? "id" : "userId";
            var userId = evt.Data.ValueKind == JsonValueKind.Object && evt.Data.TryGetProperty(owner, out var id) ? id.GetString() : null;
            return endpoint.OwnerUserId is not null && endpoint.OwnerUserId == userId;
        }

        return true;
    }

    private string Body(OutgoingEvent evt, WebhookEndpointOptions endpoint)
    {
        var dataJson = evt.Data.GetRawText();
        if (endpoint.FormEncoded && endpoint.Format == SignatureFormat.Native)
        {
            var fields = new List<KeyValuePair<string, string>>
            {
                new("id", evt.Id),
                new("type", evt.Type),
                new("timestamp", evt.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("data", dataJson),
            };
            if (server.Mode == AutherMode.Deployed)
            {
                fields.Add(new("origin", evt.Origin));
            }

            return string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
        }

        var envelope = new JsonObject
        {
            ["id"] = evt.Id,
            ["type"] = evt.Type,
            ["timestamp"] = evt.Timestamp,
            ["data"] = JsonNode.Parse(dataJson),
        };
        if (server.Mode == AutherMode.Deployed)
        {
            envelope["origin"] = evt.Origin;
        }

        return envelope.ToJsonString(AutherJson.Options);
    }
}
