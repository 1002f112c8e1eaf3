using System.Net.Sockets;
using System.Text;
using App.Api.Database;
using App.Tests.Infrastructure;
using App.Tests.Logging;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;

namespace App.Tests.Webhooks;

/// <summary>
/// The webhook receiver reads its body itself (raw, capped, before the signature check), over a real socket:
/// a broken chunked body is the client's mistake (400, as on every other endpoint), and a client that resets
/// the connection mid-body is a client abort: no database outage, no error in the log.
/// </summary>
public sealed class WebhookBodyReadTests(RequestLogTests.Fixture api) : IClassFixture<RequestLogTests.Fixture>
{
    private const string Path = "/api/webhooks/auther";

    [Theory]
    [InlineData("FFFFFFFF")]
    [InlineData("FFFFFFFFFFFFFFFFFFFF")]
    [InlineData("zz")]
    public async Task ABrokenChunkSize_Is400Problem(string chunkSize)
    {
        var response = await RawHttp.SendAsync(api.Address,
            $"POST {Path} HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", $"{chunkSize}\r\n{{}}\r\n0\r\n\r\n");

        response.Status.ShouldBe(400, response.Body);
        response.Headers["Content-Type"].ShouldStartWith("application/problem+json");
        response.Body.ShouldNotContain(" at ");
    }

    [Fact]
    public async Task ClientsResettingMidBody_AreClientAborts_NotADatabaseOutage_AndLogNoError()
    {
        const int Resets = 8;
        var before = api.Log.Events.Count;
        for (var i = 0; i < Resets; i++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(api.Address.Host, api.Address.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST {Path} HTTP/1.1\r\nHost: {api.Address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{\"id\":\"evt_"));
            await stream.FlushAsync();
            // At different moments of the receiver's wait for the rest of the body: a reset (RST), not a close.
            await Task.Delay(i * 20);
            client.Client.LingerState = new LingerOption(true, 0);
        }

        // The request log's line comes last, once the app is done with a request.
        var logged = await Eventually.ReturnsAsync(() => Task.FromResult(api.Log.Events.Skip(before).ToList()),
            events => events.Count(IsRequestLine) == Resets);
        logged.Count(IsRequestLine).ShouldBe(Resets);
        logged.Where(e => e.Level >= LogEventLevel.Error).Select(e => e.RenderMessage()).ShouldBeEmpty();
        logged.ShouldNotContain(e => e.RenderMessage().Contains("Database unavailable", StringComparison.Ordinal));
        api.Services.GetRequiredService<DatabaseOutage>().IsDown.ShouldBeFalse();
    }

    private static bool IsRequestLine(LogEvent e) => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal);
}
