
using App.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace App.Tests.Hosting;

/// <summary>Runs the real API binary, as an operator would, with broken settings.</summary>
public sealed class StartupConfigurationTests
{
    private static readonly Dictionary<string, string> ValidSettings = new()
    {
        ["ConnectionStrings__Default"] = "Host=127.0.0.1;Port=9;Database=none;Username=none",
        ["Auther__Url"] = "http://127.0.0.1:9",
        ["Auther__Audience"] = "app-api",
        ["Auther__WebhookSecrets__0"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ["Auther__SignupSecret"] = "0123456789abcdef0123456789abcdef",
        ["Auther__AdminApiKey"] = "key",
    };

    [Fact]
    public async Task MissingAutherUrl_StopsWithOneLineNamingTheSetting()
    {
        var (exitCode, stdout, stderr) = await RunApiAsync(without: "Auther__Url");

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldBe("Configuration error: Auther:Url is required (set Auther__Url or AUTHER_URL).");
        stdout.ShouldNotContain("OptionsValidationException");
    }

    [Fact]
    public async Task TenCharacterWebhookSecret_StopsWithOneLineNamingTheSetting()
    {
        var (exitCode, _, stderr) = await RunApiAsync(with: ("Auther__WebhookSecrets__0", "0123456789"));

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldBe(
            "Configuration error: Auther:WebhookSecrets:0 is 10 characters; it must be at least 32 (Auther__WebhookSecrets__0 or AUTHER_INBOUND_WEBHOOK_SECRET).");
    }

    [Fact]
    public async Task ShortSecretGivenByItsFlatName_IsReportedToo()
    {
        var (exitCode, _, stderr) = await RunApiAsync(without: "Auther__SignupSecret", with: ("AUTHER_SIGNUP_SECRET", "short"));

        exitCode.ShouldBe(1);
        stderr.ShouldContain("Auther:SignupSecret is 5 characters");
    }

    [Fact]
    public async Task MissingConnectionString_IsReported()
    {
        var (exitCode, _, stderr) = await RunApiAsync(without: "ConnectionStrings__Default");

        exitCode.ShouldBe(1);
        stderr.ShouldContain("ConnectionStrings:Default is required");
    }

    [Fact]
    public async Task OtlpEndpointThatIsNoUrl_IsReported()
    {
        var (exitCode, _, stderr) = await RunApiAsync(with: ("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317"));

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldBe(
            "Configuration error: OTEL_EXPORTER_OTLP_ENDPOINT 'collector:4317' is not an http(s) URL like http://otel-collector:4317 (unset it to turn OTLP export off).");
    }

    [Fact]
    public async Task HostThatCannotStart_SaysSoThroughTheBootstrapLogger()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var environment = new Dictionary<string, string>(ValidSettings) { ["ASPNETCORE_ENVIRONMENT"] = "Production" };

        var (exitCode, _, stderr) = await ApiProcess.RunAsync(environment, "--urls", $"http://127.0.0.1:{port}");

        exitCode.ShouldBe(1);
        stderr.ShouldContain("\"@l\":\"Fatal\"");
        stderr.ShouldContain("The API could not start");
    }

    [Fact]
    public async Task MalformedDatabaseUrl_StopsWithOneLine_NoStackTrace()
    {
        var (exitCode, stdout, stderr) = await RunApiAsync(without: "ConnectionStrings__Default", with: ("DATABASE_URL", "postgres://user:pw@host:notaport/db"));

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldStartWith("Configuration error: DATABASE_URL is malformed:");
        stderr.Trim().Split('\n').Length.ShouldBe(1);
        (stdout + stderr).ShouldNotContain("   at ");
    }

    [Fact]
    public async Task MalformedConnectionString_StopsWithOneLine_NoStackTrace()
    {
        var (exitCode, stdout, stderr) = await RunApiAsync(with: ("ConnectionStrings__Default", "Host=127.0.0.1;NoSuchKeyword=1"));

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldStartWith("Configuration error: ConnectionStrings:Default is not a valid connection string");
        (stdout + stderr).ShouldNotContain("   at ");
    }

    [Fact]
    public async Task SeveralProblems_AreAllReportedAtOnce_OneLineEach()
    {
        var (exitCode, _, stderr) = await RunApiAsync(without: "Auther__Url", with: ("ConnectionStrings__Default", "Host=127.0.0.1;NoSuchKeyword=1"));

        exitCode.ShouldBe(1);
        var lines = stderr.Trim().Split('\n');
        lines.Length.ShouldBe(2);
        lines.ShouldContain(l => l.Contains("ConnectionStrings:Default"));
        lines.ShouldContain(l => l.Contains("Auther:Url is required"));
    }

    [Fact]
    public async Task Migrate_AgainstAnUnreachableDatabase_StopsWithOneLine()
    {
        var environment = new Dictionary<string, string>(ValidSettings) { ["ASPNETCORE_ENVIRONMENT"] = "Production" };

        var (exitCode, stdout, stderr) = await ApiProcess.RunAsync(environment, "--migrate", "--urls", "http://127.0.0.1:0");

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldStartWith("Database unreachable, migrations not applied:");
        (stdout + stderr).ShouldNotContain("   at ");
    }

    [Fact]
    public void MigrateFlag_DoesNotSwallowTheUrlsThatFollowIt()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddCommandLine(App.Api.Hosting.AppRunner.HostArguments(["--migrate", "--urls", "http://127.0.0.1:5123"]))
            .Build();

        configuration["urls"].ShouldBe("http://127.0.0.1:5123");
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunApiAsync(string? without = null, (string Key, string Value)? with = null)
    {
        var environment = ValidSettings.Where(kv => kv.Key != without).ToDictionary(kv => kv.Key, kv => kv.Value);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (with is { } extra)
        {
            environment[extra.Key] = extra.Value;
        }

        return ApiProcess.RunAsync(environment, "--urls", "http://127.0.0.1:0");
    }
}
