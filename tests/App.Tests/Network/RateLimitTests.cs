using System.Net;
using App.Tests.Infrastructure;

namespace App.Tests.Network;

public sealed class RateLimitTests
{
    [Fact]
    public async Task PerIp_OverTheBudget_Answers429ProblemWithRetryAfter()
    {
        await using var host = await NetworkHost.StartAsync(Budget(permits: 2));
        var client = host.CreateClient();

        (await SendAsync(client, "192.0.2.10")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(client, "192.0.2.10")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var rejected = await SendAsync(client, "192.0.2.10");

        var problem = await ProblemAssert.IsProblemAsync(rejected, 429);
        problem.GetProperty("code").GetString().ShouldBe("rate_limited");
        rejected.Headers.RetryAfter.ShouldNotBeNull();
        rejected.Headers.RetryAfter.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
    }

    [Fact]
    public async Task PerIp_CountsEachClientAddressSeparately()
    {
        await using var host = await NetworkHost.StartAsync(Budget(permits: 1));
        var client = host.CreateClient();

        (await SendAsync(client, "192.0.2.10")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(client, "192.0.2.11")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(client, "192.0.2.10")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task PerIp_BehindATrustedProxy_CountsTheForwardedAddress()
    {
        var settings = Budget(permits: 1);
        settings["Network:KnownProxies:0"] = "10.0.0.5";
        await using var host = await NetworkHost.StartAsync(settings);
        var client = host.CreateClient();

        (await SendAsync(client, "10.0.0.5", forwardedFor: "203.0.113.1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(client, "10.0.0.5", forwardedFor: "203.0.113.2")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(client, "10.0.0.5", forwardedFor: "203.0.113.1")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task PerIp_AnIpv6ClientIsCountedByItsSlash64()
    {
        await using var host = await NetworkHost.StartAsync(Budget(permits: 1));
        var client = host.CreateClient();

        (await SendAsync(client, "2001:db8:1:2::1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(client, "2001:db8:1:2::ffff")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await SendAsync(client, "2001:db8:1:3::1")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static Dictionary<string, string?> Budget(int permits) => new()
    {
        ["RateLimits:PerIp:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:PerIp:Window"] = "00:01:00",
    };

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string peer, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add(NetworkHost.PeerHeader, peer);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return client.SendAsync(request);
    }
}
