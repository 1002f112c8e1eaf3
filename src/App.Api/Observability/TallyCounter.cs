using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace App.Api.Observability;

/// <summary>
/// A counter with one tag whose values are few (a result, a method), for instruments that count every request:
/// each count is one atomic add on a number kept here, and the totals are reported when a reader collects
/// (an <see cref="ObservableCounter{T}"/>: <c>/metrics</c>, OTLP and dotnet-counters read it as any counter).
/// A <see cref="Counter{T}"/> would hand every request's count to OpenTelemetry's aggregation instead.
/// </summary>
public sealed class TallyCounter
{
    private readonly string _tag;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    public TallyCounter(Meter meter, string name, string tag, string description)
    {
        _tag = tag;
        meter.CreateObservableCounter(name, Observe, description: description);
    }

    public void Add(string tagValue) => Interlocked.Increment(ref _counts.GetOrAdd(tagValue, static _ => new StrongBox<long>()).Value);

    private IEnumerable<Measurement<long>> Observe()
    {
        foreach (var (value, count) in _counts)
        {
            yield return new Measurement<long>(Interlocked.Read(ref count.Value), new KeyValuePair<string, object?>(_tag, value));
        }
    }
}
