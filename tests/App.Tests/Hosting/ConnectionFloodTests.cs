using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using App.Tests.Infrastructure;

namespace App.Tests.Hosting;

/// <summary>
/// An anonymous flood of idle connections (third hostile round, item 1), bounded and quick: the real API
/// under <c>ulimit -n 1024</c>, whose derived cap is 345 connections (172 on each of its IPv4 and IPv6
/// sockets), gets 700 idle ones at once on loopback, 600 of them on IPv4. Without
/// the cap they used every descriptor: accept() failed in a loop and the process died or a listener stopped.
/// </summary>
public sealed class ConnectionFloodTests
{
    private const int FileLimit = 1024;
    private const int Cap = 345;
    private const int Flood = 700;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["ConnectionStrings__Default"] = "Host=127.0.0.1;Port=9;Database=none;Username=none",
        ["Auther__Url"] = "http://127.0.0.1:9",
        ["Auther__Audience"] = "app-api",
        ["Auther__WebhookSecrets__0"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ["Auther__SignupSecret"] = "0123456789abcdef0123456789abcdef",
        ["Auther__AdminApiKey"] = "key",
        ["Sync__Enabled"] = "false",
    };

    [Fact]
    public async Task AnIdleConnectionFlood_IsRefusedOverTheCap_TheProcessLives_AndIPv4AndIPv6ServeWithinASecondAfter()
    {
        await using var api = await RunningApi.StartAsync(FileLimit, Settings);
        api.Lines.ShouldContain(l => l.Contains($"Accepting at most {Cap} connections", StringComparison.Ordinal), string.Join('\n', api.Lines));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        // Served once before, so its accept loops run: the flood meets the cap, not a process still starting.
        await Eventually.ReturnsAsync(async () => await ServesAsync(http, api.IPv4) && await ServesAsync(http, api.IPv6), ok => ok, TimeSpan.FromSeconds(30));
        var flood = new List<Socket>();
        try
        {
            for (var i = 0; i < Flood; i++)
            {
                flood.Add(await ConnectAsync(i % 7 == 0 ? api.IPv6 : api.IPv4));
            }

            // Kestrel accepts every connection and closes those over the cap at once.
            var refused = await Eventually.ReturnsAsync(() => Task.FromResult(flood.Count(ClosedByServer)), n => n >= Flood - Cap, TimeSpan.FromSeconds(15));
            refused.ShouldBeGreaterThanOrEqualTo(Flood - Cap, "connections over the cap are closed by the server");
            // Kestrel counts per listening socket: the cap is shared by the two (172 each).
            (Flood - refused).ShouldBeLessThanOrEqualTo(Cap);
            api.HasExited.ShouldBeFalse(string.Join("\n", api.Lines.TakeLast(40)));
            var burst = await Eventually.ReturnsAsync(() => Task.FromResult(api.Lines.Count(l => l.Contains("Refusing new connections", StringComparison.Ordinal))),
                n => n > 0, TimeSpan.FromSeconds(5));
            burst.ShouldBe(1, "once per burst, not per connection");
            api.Lines.ShouldNotContain(l => l.Contains("maximum number of concurrent connections", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var socket in flood)
            {
                socket.Dispose();
            }
        }

        var after = Stopwatch.StartNew();
        (await http.GetAsync(new Uri(api.IPv4, "/health/live"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync(new Uri(api.IPv6, "/health/live"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        after.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        api.HasExited.ShouldBeFalse();
    }

    private static async Task<bool> ServesAsync(HttpClient http, Uri api)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(api, "/health/live"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<Socket> ConnectAsync(Uri target)
    {
        var address = IPAddress.Parse(target.Host.Trim('[', ']'));
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(address, target.Port, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            // Refused before the handshake completed: counted as refused below.
        }

        return socket;
    }

    /// <summary>Never connected, or the server closed or reset it (readable with nothing to read).</summary>
    private static bool ClosedByServer(Socket socket)
    {
        try
        {
            return !socket.Connected || (socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0);
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
