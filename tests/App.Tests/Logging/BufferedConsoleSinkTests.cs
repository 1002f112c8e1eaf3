using System.Text;
using App.Api.Logging;
using App.Tests.Infrastructure;
using Serilog;
using Serilog.Formatting.Compact;

namespace App.Tests.Logging;

public sealed class BufferedConsoleSinkTests
{
    [Fact]
    public async Task ALoneLine_IsWrittenWithoutWaitingForMore()
    {
        var output = new LockedStream();
        var sink = new BufferedConsoleSink(new RenderedCompactJsonFormatter(), output);
        using var logger = new LoggerConfiguration().WriteTo.Async(s => s.Sink(sink), monitor: sink).CreateLogger();

        logger.Information("HTTP {Path} alone", "/health/live");

        var text = await Eventually.ReturnsAsync(() => Task.FromResult(output.Text()), t => t.Contains("alone", StringComparison.Ordinal));
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1);
    }

    [Fact]
    public void EveryQueuedLine_IsWrittenByShutdown_OneLineEach()
    {
        var output = new LockedStream();
        var sink = new BufferedConsoleSink(new RenderedCompactJsonFormatter(), output);
        var logger = new LoggerConfiguration().WriteTo.Async(s => s.Sink(sink), bufferSize: 10_000, monitor: sink).CreateLogger();

        for (var i = 0; i < 5_000; i++)
        {
            logger.Information("HTTP request {Number}", i);
        }

        logger.Dispose();

        var lines = output.Text().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(5_000);
        lines[^1].ShouldContain("HTTP request 4999");
    }

    [Fact]
    public async Task LinesArrivingOneByOne_AreWrittenTogether_AfterTheWorkersRest()
    {
        var output = new LockedStream();
        var sink = new BufferedConsoleSink(new RenderedCompactJsonFormatter(), output, linger: TimeSpan.FromMilliseconds(200));
        using var logger = new LoggerConfiguration().WriteTo.Async(s => s.Sink(sink), monitor: sink).CreateLogger();

        // One line at a time, each after the worker has surely taken the one before: without the rest, one write each.
        for (var i = 0; i < 50; i++)
        {
            logger.Information("HTTP request {Number}", i);
            Thread.Sleep(2);
        }

        var text = await Eventually.ReturnsAsync(() => Task.FromResult(output.Text()), t => t.Contains("HTTP request 49", StringComparison.Ordinal));
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(50);
        output.Writes.ShouldBeLessThan(25);
    }

    /// <summary>A MemoryStream the test can read while the sink's worker writes it; it counts the writes.</summary>
    private sealed class LockedStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (this)
            {
                Writes++;
                base.Write(buffer, offset, count);
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (this)
            {
                Writes++;
                base.Write(buffer);
            }
        }

        public string Text()
        {
            lock (this)
            {
                return Encoding.UTF8.GetString(GetBuffer(), 0, (int)Length);
            }
        }
    }
}
