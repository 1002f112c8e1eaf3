using System.Text.Json;

namespace Auther.Dev.Webhooks;

/// <summary>An emitted event: the envelope every endpoint receives (its id is the delivery id header on every attempt).</summary>
/// <param name="Id"><c>evt_</c> + 32 hex.</param>
/// <param name="Type">e.g. <c>user.created</c>.</param>
/// <param name="Timestamp">Creation time, unix milliseconds.</param>
/// <param name="Origin"><c>better-auth</c> or <c>auther</c> (sent as <c>x-webhook-origin</c>; in the envelope in deployed mode).</param>
/// <param name="Data">The <c>data</c> member.</param>
public sealed record OutgoingEvent(string Id, string Type, long Timestamp, string Origin, JsonElement Data);
