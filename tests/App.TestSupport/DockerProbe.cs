using System.Net.Sockets;
using System.Text;

namespace App.TestSupport;

/// <summary>Whether a Docker engine answered its /_ping, and where it was asked.</summary>
public sealed record DockerProbeResult(bool Answers, string Endpoint);

/// <summary>
/// Asks the Docker engine named by DOCKER_HOST (default: the local unix socket) for /_ping, briefly.
/// Only "answers" counts: a socket file with no engine behind it means no Docker.
/// </summary>
public static class DockerProbe
{
    private const string DefaultEndpoint = "unix:///var/run/docker.sock";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static Task<DockerProbeResult> ProbeAsync() => ProbeAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"));

    public static async Task<DockerProbeResult> ProbeAsync(string? dockerHost)
    {
        var endpoint = string.IsNullOrWhiteSpace(dockerHost) ? DefaultEndpoint : dockerHost;
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            using var socket = await ConnectAsync(new Uri(endpoint), cts.Token);
            if (socket is null)
            {
                return new(false, endpoint);
            }

            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"), cts.Token);
            var buffer = new byte[512];
            var read = await socket.ReceiveAsync(buffer, cts.Token);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return new(answer.StartsWith("HTTP/1.", StringComparison.Ordinal) && answer.Contains(" 200 ", StringComparison.Ordinal), endpoint);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or UriFormatException or IOException)
        {
            return new(false, endpoint);
        }
    }

    private static async Task<Socket?> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        if (endpoint.Scheme == "unix")
        {
            if (!File.Exists(endpoint.AbsolutePath))
            {
                return null;
            }

            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            return await ConnectedOrDisposedAsync(unix, s => s.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.AbsolutePath), cancellationToken));
        }

        if (endpoint.Scheme == "tcp")
        {
            var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp);
            return await ConnectedOrDisposedAsync(tcp, s => s.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken));
        }

        return null;
    }

    private static async Task<Socket> ConnectedOrDisposedAsync(Socket socket, Func<Socket, ValueTask> connect)
    {
        try
        {
            await connect(socket);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
