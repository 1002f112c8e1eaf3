using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using App.Tests.Infrastructure;

namespace App.Tests.Health;

/// <summary>
/// A database that accepts connections and never answers (a hung server): a listening socket nobody reads.
/// Npgsql waits its whole connect timeout (15 s here, its default) for the first reply.
/// </summary>
public sealed class HungDatabaseFixture : ApiFixture
{

    private readonly TcpListener _hung = new(IPAddress.Loopback, 0);

    protected override Task<string> CreateDatabaseAsync()
    {
        _hung.Start();
        return Task.FromResult($"Host=127.0.0.1;Port={((IPEndPoint)_hung.LocalEndpoint).Port};Database=hung_never_created;Username=none;Timeout=15");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _hung.Stop();
    }
}

/// <summary>Each readiness check answers within <c>Health:CheckTimeout</c> (third hostile round, item 12).</summary>
public sealed class HealthCheckTimeoutTests(HungDatabaseFixture api) : IClassFixture<HungDatabaseFixture>
{
    [Fact]
    public async Task Ready_UnderAHungDatabase_AnswersWithinTheCheckTimeout_AndSaysTheCheckTimedOut()
    {
        // The first request of a fresh host pays for its start-up (JIT, the health service): it is not what is measured.
        using (var warmUp = await api.CreateClient().GetAsync("/health/ready"))
        {
            ((int)warmUp.StatusCode).ShouldBe(503);
        }

        var started = Stopwatch.StartNew();
        using var response = await api.CreateClient().GetAsync("/health/ready");
        var elapsed = started.Elapsed;

        var problem = await ProblemAssert.IsProblemAsync(response, 503);
        problem.GetProperty("checks").GetProperty("database").GetProperty("description").GetString().ShouldBe("No answer within 2 s (Health:CheckTimeout).");
        elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4), "the 2 s bound, with room for a busy machine; Npgsql alone waits 15 s");
    }

    [Fact]
    public async Task Live_UnderAHungDatabase_StillAnswersAtOnce()
    {
        using var response = await api.CreateClient().GetAsync("/health/live");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
