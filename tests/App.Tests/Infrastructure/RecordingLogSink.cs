using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace App.Tests.Infrastructure;

/// <summary>Every event one host logs, as Serilog hands it to its sinks (registered as a service of that host only).</summary>
public sealed class RecordingLogSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>The request log's completion line for <paramref name="path"/>, once it is written (after the response).</summary>
    public async Task<LogEvent> RequestLineAsync(string path)
    {
        var line = await Eventually.ReturnsAsync(() => Task.FromResult(_events.FirstOrDefault(e =>
            e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal) &&
            e.Properties.TryGetValue("RequestPath", out var value) && value is ScalarValue { Value: string p } && p == path)), e => e is not null);
        return line ?? throw new ShouldAssertException($"No request log line for {path}; lines: {string.Join(" | ", _events.Select(e => e.RenderMessage()))}");
    }
}
