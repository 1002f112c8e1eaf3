using System.Diagnostics;
using System.Diagnostics.Metrics;
using App.Api.StorableText;

namespace App.Api.Webhooks;

/// <summary>Meter <c>App.Webhooks</c>: every delivery is counted once, by type, format and outcome, and timed.</summary>
public sealed class WebhookMetrics
{
    public const string MeterName = "App.Webhooks";
    public const string UnknownTag = "unknown";
    private const int MaxTypeTagLength = 64;

    private readonly Counter<long> _received;
    private readonly Histogram<double> _duration;

    public WebhookMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("webhook.received.count", description: "Webhook deliveries received, by type, format and outcome.");
        _duration = meter.CreateHistogram<double>("webhook.processing.duration", unit: "ms",
            description: "Time from receiving a webhook delivery to answering it.");
    }

    public void Record(string? type, WebhookFormat? format, WebhookOutcome outcome, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "type", type is null ? UnknownTag : InputText.Cut(type, MaxTypeTagLength) },
            { "format", format?.Name() ?? UnknownTag },
            { "outcome", outcome.Name() },
        };
        _received.Add(1, tags);
        _duration.Record(elapsed.TotalMilliseconds, tags);
    }
}
