using System.Net;
using System.Net.Sockets;

namespace App.TestSupport;

/// <summary>
/// A port for a server that must be named before it listens (a redirect URI registered with Auther, a load
/// balancer's backend, PostgreSQL's command line). Picked below Linux's ephemeral range (32768-60999): a
/// port from that range, checked free and released, can be taken by any outgoing connection before the
/// server binds it, which happened when the machine was busy. Random within the range, and checked by
/// binding it, so that test processes running side by side rarely meet.
/// </summary>
public static class FreePorts
{
    private const int First = 20000;
    private const int Last = 32000;

    public static int Pick()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }
}
