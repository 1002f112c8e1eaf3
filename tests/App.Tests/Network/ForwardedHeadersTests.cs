using System.Net.Http.Json;

namespace App.Tests.Network;

public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task ForwardedFor_FromAConfiguredProxy_BecomesTheClientAddress()
    {
        await using var host = await NetworkHost.StartAsync(new Dictionary<string, string?> { ["Network:KnownProxies:0"] = "10.0.0.5" });

        var seen = await WhoAmIAsync(host, peer: "10.0.0.5", forwardedFor: "203.0.113.7", forwardedProto: "https");

        seen.Ip.ShouldBe("203.0.113.7");
        seen.Scheme.ShouldBe("https");
    }

    [Fact]
    public async Task ForwardedFor_FromAConfiguredNetwork_WalksBackThroughEveryTrustedHop()
    {
        await using var host = await NetworkHost.StartAsync(new Dictionary<string, string?> { ["Network:KnownNetworks:0"] = "10.0.0.0/8" });

        var seen = await WhoAmIAsync(host, peer: "10.1.2.3", forwardedFor: "198.51.100.1, 203.0.113.7, 10.9.9.9");

        seen.Ip.ShouldBe("203.0.113.7");
    }

    [Fact]
    public async Task ForwardedFor_FromAnUnknownPeer_IsIgnored()
    {
        await using var host = await NetworkHost.StartAsync(new Dictionary<string, string?> { ["Network:KnownProxies:0"] = "10.0.0.5" });

        var seen = await WhoAmIAsync(host, peer: "192.0.2.50", forwardedFor: "203.0.113.7", forwardedProto: "https");

        seen.Ip.ShouldBe("192.0.2.50");
        seen.Scheme.ShouldBe("http");
    }

    [Fact]
    public async Task ForwardedFor_WithNoProxyConfigured_IsIgnoredEvenFromLoopback()
    {
        await using var host = await NetworkHost.StartAsync(new Dictionary<string, string?>());

        var seen = await WhoAmIAsync(host, peer: "127.0.0.1", forwardedFor: "203.0.113.7");

        seen.Ip.ShouldBe("127.0.0.1");
    }

    private static async Task<WhoAmI> WhoAmIAsync(NetworkHost host, string peer, string forwardedFor, string? forwardedProto = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add(NetworkHost.PeerHeader, peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        using var response = await host.CreateClient().SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<WhoAmI>())!;
    }

    private sealed record WhoAmI(string? Ip, string Scheme);
}
