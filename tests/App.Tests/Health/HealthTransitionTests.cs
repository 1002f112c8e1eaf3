using System.Net.Http.Json;
using System.Text.Json;
using App.Tests.Infrastructure;
using App.Tests.Sync;
using Auther.Dev;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace App.Tests.Health;

/// <summary>
/// Two readiness checks failing at once: the database is down (Unhealthy) and deployed Auther refuses the service
/// admin's sign-in because an Auther admin banned it (Degraded). Every log event is recorded.
/// </summary>
public sealed class BannedAdminDatabaseDownFixture() : ApiFixture(new()
{
    Auther = o => o.Mode = AutherMode.Deployed,
    Settings =
    {
        ["ConnectionStrings:Default"] = "Host=127.0.0.1;Port=9;Database=none;Username=none;Timeout=2",
        ["Auther:AdminApiKey"] = null,
        ["Auther:AdminEmail"] = SyncFixture.AdminEmail,
        ["Auther:AdminPassword"] = SyncFixture.AdminPassword,
        // A loaded machine can take seconds over the first sign-in of a fresh process: these tests are not about timeouts.
        ["Auther:Client:AdminTimeout"] = "00:00:30",
    },
})
{
    public const string BanReason = "left the company";

    public RecordingLogSink Log { get; } = new();

    protected override void BeforeInstances()
    {
        var admin = Auther.CreateUser(SyncFixture.AdminEmail, "Service Admin", role: "admin", password: SyncFixture.AdminPassword);
        Auther.Ban(admin.Id, BanReason);
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILogEventSink>(Log);
}

public sealed class HealthTransitionTests(BannedAdminDatabaseDownFixture api) : IClassFixture<BannedAdminDatabaseDownFixture>
{
    [Fact]
    public async Task Ready_WithABannedServiceAdmin_ShowsAuthersReason()
    {
        var admin = await DegradedAdminCheckAsync();

        var description = admin.GetProperty("description").GetString()!;
        description.ShouldContain("BANNED_USER");
        description.ShouldContain("banned in Auther");
        description.ShouldNotContain("check Auther:AdminEmail");
    }

    [Fact]
    public async Task Ready503Detail_SeparatesTheFailingChecksWithSemicolons()
    {
        await DegradedAdminCheckAsync();

        using var response = await api.CreateClient().GetAsync("/health/ready");

        var detail = (await ProblemAssert.IsProblemAsync(response, 503)).GetProperty("detail").GetString()!;
        detail.ShouldMatch("(; auther-admin: )|(; database: )");
        detail.ShouldStartWith(detail.StartsWith("database", StringComparison.Ordinal) ? "database: " : "auther-admin: ");
    }

    [Fact]
    public async Task ManyProbes_LogEachChecksStateChangeOnce_NotOneLinePerProbe()
    {
        await DegradedAdminCheckAsync();

        for (var i = 0; i < 15; i++)
        {
            using var probe = await api.CreateClient().GetAsync("/health/ready");
        }

        Transitions("database").ShouldBe(1);
        Transitions("auther-admin").ShouldBe(1);
        api.Log.Events.Where(e => Source(e).StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal))
            .Select(e => e.RenderMessage()).ShouldBeEmpty();
    }

    private int Transitions(string check) => api.Log.Events.Count(e =>
        Source(e) == "App.Api.Health.HealthTransitions" &&
        e.Properties.TryGetValue("Check", out var value) && value is ScalarValue { Value: string name } && name == check);

    private static string Source(LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var value) && value is ScalarValue { Value: string source } ? source : "";

    /// <summary>The start-up sign-in is refused in the background: the check is Degraded once it has been.</summary>
    private async Task<JsonElement> DegradedAdminCheckAsync()
    {
        var admin = await Eventually.ReturnsAsync(async () =>
        {
            using var response = await api.CreateClient().GetAsync("/health/ready");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("checks").GetProperty("auther-admin").Clone();
        }, check => check.GetProperty("status").GetString() == "Degraded", TimeSpan.FromSeconds(40));
        admin.GetProperty("status").GetString().ShouldBe("Degraded", string.Join("\n", api.Log.Events.Select(e => e.RenderMessage())));
        return admin;
    }
}
