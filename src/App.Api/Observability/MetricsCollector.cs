using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace App.Api.Observability;

/// <summary>
/// Aggregates the app's own instruments (meters named "App.*") in memory for the Prometheus text endpoint.
/// OpenTelemetry's exporter cannot be restored here; this is the small piece it would have been.
/// <c>dotnet-counters</c> reads the same meters without it.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private static readonly double[] Buckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument Instrument, string Labels), Series> _series = new();
    private readonly ConcurrentDictionary<TagKey, Series> _byTags = new();

    public MetricsCollector()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("App.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var group in _series.GroupBy(s => s.Key.Instrument).OrderBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            var instrument = group.Key;
            var name = instrument.Name.Replace('.', '_').Replace('-', '_');
            var isHistogram = instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal);
            var isCounter = instrument.GetType().Name.Contains("Counter", StringComparison.Ordinal) &&
                            !instrument.GetType().Name.Contains("UpDown", StringComparison.Ordinal);
            var metric = isCounter ? name + "_total" : name;
            text.Append(CultureInfo.InvariantCulture, $"# HELP {metric} {instrument.Description}\n");
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {metric} {(isHistogram ? "histogram" : isCounter ? "counter" : "gauge")}\n");
            foreach (var ((_, labels), series) in group.Select(g => (g.Key, g.Value)).OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                lock (series)
                {
                    if (isHistogram)
                    {
                        for (var i = 0; i < Buckets.Length; i++)
                        {
                            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{Join(labels, $"le=\"{Buckets[i]}\"")}}} {series.BucketCounts[i]}\n");
                        }

                        text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{Join(labels, "le=\"+Inf\"")}}} {series.Count}\n");
                        text.Append(CultureInfo.InvariantCulture, $"{name}_sum{Braces(labels)} {series.Sum}\n");
                        text.Append(CultureInfo.InvariantCulture, $"{name}_count{Braces(labels)} {series.Count}\n");
                    }
                    else
                    {
                        text.Append(CultureInfo.InvariantCulture, $"{metric}{Braces(labels)} {series.Sum}\n");
                    }
                }
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Hot path (every authenticated request records twice): find the series by its tag values and
        // build the Prometheus label string only the first time a combination is seen.
        Series series;
        if (tags.Length <= 3)
        {
            var key = new TagKey(instrument, Key(tags, 0), Value(tags, 0), Key(tags, 1), Value(tags, 1), Key(tags, 2), Value(tags, 2));
            if (!_byTags.TryGetValue(key, out series!))
            {
                series = _byTags.GetOrAdd(key, SeriesFor(instrument, Labels(tags)));
            }
        }
        else
        {
            series = SeriesFor(instrument, Labels(tags));
        }

        var observable = instrument.IsObservable;
        lock (series)
        {
            if (observable)
            {
                series.Sum = value;
                return;
            }

            series.Sum += value;
            series.Count++;
            for (var i = 0; i < Buckets.Length; i++)
            {
                if (value <= Buckets[i])
                {
                    series.BucketCounts[i]++;
                }
            }
        }
    }

    private Series SeriesFor(Instrument instrument, string labels) =>
        _series.GetOrAdd((instrument, labels), _ => new Series(Buckets.Length));

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new StringBuilder();
        foreach (var tag in tags)
        {
            if (labels.Length > 0)
            {
                labels.Append(',');
            }

            var tagValue = Convert.ToString(tag.Value, CultureInfo.InvariantCulture)?.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
            labels.Append(tag.Key.Replace('.', '_')).Append("=\"").Append(tagValue).Append('"');
        }

        return labels.ToString();
    }

    private static string? Key(ReadOnlySpan<KeyValuePair<string, object?>> tags, int index) => index < tags.Length ? tags[index].Key : null;

    private static object? Value(ReadOnlySpan<KeyValuePair<string, object?>> tags, int index) => index < tags.Length ? tags[index].Value : null;

    /// <summary>Plain fields: equality stays a few reference and string comparisons (KeyValuePair would box).</summary>
    private readonly record struct TagKey(Instrument Instrument, string? K0, object? V0, string? K1, object? V1, string? K2, object? V2);

    private static string Braces(string labels) => labels.Length == 0 ? string.Empty : "{" + labels + "}";

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private sealed class Series(int buckets)
    {
        public double Sum { get; set; }
        public long Count { get; set; }
        public long[] BucketCounts { get; } = new long[buckets];
    }
}
