using System.Net;
using System.Net.Sockets;
using App.Tests.Infrastructure;

namespace App.Tests.Hosting;

/// <summary>
/// An operator's first commands, run on the real binary: a verb against a stopped PostgreSQL and a mistyped verb
/// each end with one line and an exit code a script can test; settings on the command line still start the server.
/// </summary>
public sealed class OperatorCommandLineTests
{
    private static readonly Dictionary<string, string> ValidSettings = new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Auther__Url"] = "http://127.0.0.1:9",
        ["Auther__Audiences__0"] = "app-api",
        ["Auther__WebhookSecrets__0"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ["Auther__SignupSecret"] = "0123456789abcdef0123456789abcdef",
        ["Auther__AdminApiKey"] = "key",
    };

    [Fact]
    public async Task Migrate_WithPostgresDown_SaysWhereAndWhy_InOneLine_AndExits1()
    {
        var port = ClosedPort();
        var environment = new Dictionary<string, string>(ValidSettings)
        {
            ["ConnectionStrings__Default"] = $"Host=127.0.0.1;Port={port};Database=app;Username=postgres",
        };

        var (exitCode, stdout, stderr) = await ApiProcess.RunAsync(environment, "migrate");

        exitCode.ShouldBe(1);
        var line = stderr.Trim();
        line.Split('\n').Length.ShouldBe(1, stderr);
        line.ShouldStartWith($"Database unreachable at 127.0.0.1:{port} (ConnectionStrings:Default or DATABASE_URL): ");
        line.ShouldContain("Connection refused");
        line.ShouldEndWith("; migrations not applied.");
        (stdout + stderr).ShouldNotContain("   at ");
        stdout.ShouldNotContain("\"@l\":\"Error\"");
    }

    [Fact]
    public async Task Sync_WithPostgresDown_SaysWhere_InOneLine_AndExits1()
    {
        var port = ClosedPort();
        var environment = new Dictionary<string, string>(ValidSettings)
        {
            ["DATABASE_URL"] = $"postgres://postgres@127.0.0.1:{port}/app",
        };

        var (exitCode, stdout, stderr) = await ApiProcess.RunAsync(environment, "sync");

        exitCode.ShouldBe(1);
        stderr.Trim().Split('\n').Length.ShouldBe(1, stderr);
        stderr.Trim().ShouldStartWith($"Database unreachable at 127.0.0.1:{port} (ConnectionStrings:Default): ");
        (stdout + stderr).ShouldNotContain("   at ");
    }

    [Fact]
    public async Task AnUnknownVerb_IsRefused_WithTheKnownOnes_AndExits2_WithoutServing()
    {
        var environment = new Dictionary<string, string>(ValidSettings) { ["ConnectionStrings__Default"] = "Host=127.0.0.1;Port=9;Database=app" };

        // Serving would not exit: ApiProcess would time out instead of returning.
        var (exitCode, stdout, stderr) = await ApiProcess.RunAsync(environment, "frobnicate", "--urls", "http://127.0.0.1:0");

        exitCode.ShouldBe(2);
        stderr.Trim().ShouldBe(
            "Unknown command 'frobnicate'. Known commands: migrate, create-legacy-session, import-users, reconcile, sync; --help lists them; with no command (or only --Key value settings) the API serves.");
        stdout.ShouldNotContain("Now listening");
    }

    [Theory]
    [InlineData("--Sync:PageSize", "0")]
    [InlineData("--Sync:PageSize=0")]
    [InlineData("/Sync:PageSize", "0")]
    [InlineData("Sync:PageSize=0")]
    public async Task SettingsOnTheCommandLine_AreNoVerb_TheServerStartsAndReadsThem(params string[] setting)
    {
        var environment = new Dictionary<string, string>(ValidSettings) { ["ConnectionStrings__Default"] = "Host=127.0.0.1;Port=9;Database=app" };

        // The setting is refused by the server's start-up validation, which proves it got there and read it.
        var (exitCode, _, stderr) = await ApiProcess.RunAsync(environment, [.. setting, "--urls", "http://127.0.0.1:0"]);

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldBe("Configuration error: Sync:PageSize is 0; it must be between 1 and 1000 (Sync__PageSize).");
    }

    [Fact]
    public async Task NoArguments_StartTheServer()
    {
        var environment = ValidSettings.Where(kv => kv.Key != "Auther__Url").ToDictionary(kv => kv.Key, kv => kv.Value);
        environment["ConnectionStrings__Default"] = "Host=127.0.0.1;Port=9;Database=app";

        var (exitCode, _, stderr) = await ApiProcess.RunAsync(environment);

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldBe("Configuration error: Auther:Url is required (set Auther__Url or AUTHER_URL).");
    }

    /// <summary>A loopback port nothing listens on: bound by the system, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
