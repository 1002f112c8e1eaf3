using System.Net.Sockets;
using System.Text;

namespace App.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a bare socket, for what an HttpClient refuses to send (a NUL in the path) and for what only
/// Kestrel's own parser sees (TestServer skips it).
/// </summary>
public static class RawHttp
{
    public sealed record Response(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>
    /// Sends <paramref name="requestHead"/> (request line and headers, no final blank line), then <paramref name="body"/>
    /// as given (chunk framing included, if any), and reads until the server closes.
    /// </summary>
    public static async Task<Response> SendAsync(Uri server, string requestHead, string body = "")
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{requestHead}\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n{body}"), timeout.Token);
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // Kestrel may reset a connection whose request it did not read to the end; what came before counts.
        }

        return Parse(Encoding.UTF8.GetString(received.ToArray()));
    }

    private static Response Parse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        end.ShouldBeGreaterThan(0, $"no complete response head in: {text}");
        var lines = text[..end].Split("\r\n");
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = text[(end + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding == "chunked")
        {
            body = Unchunk(body);
        }

        return new Response(int.Parse(lines[0].Split(' ')[1]), headers, body);
    }

    private static string Unchunk(string body)
    {
        var result = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[position..lineEnd], 16);
            if (size == 0)
            {
                return result.ToString();
            }

            result.Append(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
