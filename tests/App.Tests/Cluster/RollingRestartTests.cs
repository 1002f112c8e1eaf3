using App.Tests.Infrastructure;
using App.TestSupport.Cluster;
using Xunit.Abstractions;

namespace App.Tests.Cluster;

/// <summary>Runs alone, after every other test class: it loads the machine with three API processes on purpose.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "Cluster (alone)";
}

/// <summary>
/// A rolling restart under steady mixed load, sized for two cores: three API processes behind HAProxy, queries
/// through PgBouncer in transaction mode; each instance gets SIGTERM in turn and a new process takes its port; a
/// user is deactivated after the first restart. No client sees a failure, nothing written or delivered is lost or
/// applied twice, the ban holds on every instance. Latency during the roll is reported beside steady state.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RollingRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ApiFixture _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task RollingRestartUnderLoad_FailsNoRequest_LosesNothing_AndTheBanHoldsEverywhere()
    {
        await using var cluster = await ApiCluster.StartAsync(new ClusterOptions { Settings = _api.InstanceSettings() });

        var report = await RollingRestart.RunAsync(cluster, _api.Auther, ApiFixture.WebhookSecret, new RollingRestartOptions());

        output.WriteLine(report.Summary());
        Console.WriteLine("Rolling restart (loaded machine):\n" + report.Summary());
        report.Failures.ShouldBeEmpty(report.Summary());
        report.Restarts.Select(r => r.ExitCode).ShouldAllBe(code => code == 0, report.Summary());
        report.WritesAcknowledged.ShouldBeGreaterThan(10);
        report.WritesNotPresentOnce.ShouldBeEmpty();
        report.UnacknowledgedWrites.ShouldBe(0);
        report.WebhooksAcknowledged.ShouldBeGreaterThan(20);
        report.WebhooksLostOrNotApplied.ShouldBeEmpty();
        report.WebhookUsersOutOfDate.ShouldBeEmpty();
        report.BanReached.ShouldAllBe(t => t != null && t < TimeSpan.FromSeconds(10), report.Summary());
        report.BanNotEnforcedAtEnd.ShouldBeEmpty();
        report.Latency("roll").Count.ShouldBeGreaterThan(100);
    }
}
