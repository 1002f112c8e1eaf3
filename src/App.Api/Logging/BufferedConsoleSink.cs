using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Sinks.Async;

namespace App.Api.Logging;

/// <summary>
/// The console sink behind the async buffer. Serilog's Console sink writes and flushes stdout once per event,
/// a write syscall per request line; this one formats into a 64 KiB buffer and flushes when the async queue
/// is empty (the end of a burst) or the buffer is full, so a busy worker does one write per burst. Lines are
/// never held back: the event that empties the queue flushes everything before it. After that flush the worker
/// rests for <see cref="DefaultLinger"/> before it looks at the queue again, so under steady traffic it takes the
/// lines that came meanwhile as one burst: without the rest it woke, spun and yielded the CPU for every line
/// (about one sched_yield per request under load), CPU the requests themselves needed. Only the async worker
/// calls <see cref="Emit"/>, and Serilog disposes (flushes) this sink after that worker has drained, on
/// <c>Log.CloseAndFlush</c> or the host's shutdown, so nothing queued is lost.
/// </summary>
public sealed class BufferedConsoleSink(ITextFormatter formatter, Stream output, TimeSpan linger)
    : ILogEventSink, IAsyncLogEventSinkMonitor, IDisposable
{
    /// <summary>How long a line may wait for the worker after a quiet moment: far below what a reader of logs notices.</summary>
    public static readonly TimeSpan DefaultLinger = TimeSpan.FromMilliseconds(5);

    private const int BufferSize = 64 * 1024;

    public BufferedConsoleSink(ITextFormatter formatter, Stream output)
        : this(formatter, output, DefaultLinger)
    {
    }

    private readonly StreamWriter _writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferSize, leaveOpen: true)
    {
        AutoFlush = false,
    };

    private IAsyncLogEventSinkInspector? _queue;

    public void Emit(LogEvent logEvent)
    {
        formatter.Format(logEvent, _writer);
        // Without the queue's view (not behind Serilog.Sinks.Async) every line is flushed as the Console sink does.
        if (_queue is null || _queue.Count == 0)
        {
            _writer.Flush();
            if (_queue is not null && linger > TimeSpan.Zero)
            {
                Thread.Sleep(linger);
            }
        }
    }

    public void StartMonitoring(IAsyncLogEventSinkInspector inspector) => _queue = inspector;

    public void StopMonitoring(IAsyncLogEventSinkInspector inspector) => _queue = null;

    public void Dispose()
    {
        _queue = null;
        _writer.Dispose();
    }
}
