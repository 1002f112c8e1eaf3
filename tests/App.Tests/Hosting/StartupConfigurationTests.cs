
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
    public async Task ShortSignupSecret_IsNotAConfigurationError()
    {
        // Auther's PAYLOAD_CLIENT_SECRET may have any length: only the missing URL stops this start.
        var (exitCode, _, stderr) = await RunApiAsync(without: "Auther__Url", with: ("AUTHER_SIGNUP_SECRET", "short"));

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldBe("Configuration error: Auther:Url is required (set Auther__Url or AUTHER_URL).");
    }

    [Theory]
    [InlineData("Sync__Interval", "00:00:00", "Configuration error: Sync:Interval is 00:00:00; it must be between 00:00:00.1 and 1.00:00:00, e.g. 00:00:30 (Sync__Interval or SYNC_INTERVAL).")]
    [InlineData("Sync__PageSize", "0", "Configuration error: Sync:PageSize is 0; it must be between 1 and 1000 (Sync__PageSize).")]
    [InlineData("Reconcile__Interval", "00:00:10", "Configuration error: Reconcile:Interval is 00:00:10; it must be at least one minute, e.g. 00:15:00 (Reconcile__Interval or RECONCILE_INTERVAL).")]
    [InlineData("Auther__AdminEmail", "admin@example.com", "Configuration error: Auther:AdminPassword is required when Auther:AdminAuth is SignIn (set Auther__AdminPassword or AUTHER_ADMIN_PASSWORD).")]
    [InlineData("Auther__AdminAuth", "SessionCookie", "Configuration error: Auther:AdminSessionToken is required when Auther:AdminAuth is SessionCookie (set Auther__AdminSessionToken or AUTHER_ADMIN_SESSION_TOKEN).")]
    [InlineData("Auther__AdminOrigin", "not a url", "Configuration error: Auther:AdminOrigin must be an absolute http(s) URL, one of Auther's trusted origins (Auther__AdminOrigin).")]
    public async Task ABadNewSetting_StopsWithOneLineNamingIt(string key, string value, string expected)
    {
        var (exitCode, _, stderr) = await RunApiAsync(with: (key, value));

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldBe(expected);
    }

    [Theory]
    [InlineData("Reconcile__OnMissing", "Purge", "'Reconcile:OnMissing'")]
    [InlineData("Auther__AdminAuth", "Password", "'Auther:AdminAuth'")]
    [InlineData("Auther__Flavor", "Hosted", "'Auther:Flavor'")]
    [InlineData("Sync__Interval", "soon", "'Sync:Interval'")]
    public async Task AValueThatCannotBeRead_StopsWithOneLineNamingIt(string key, string value, string named)
    {
        var (exitCode, _, stderr) = await RunApiAsync(with: (key, value));

        exitCode.ShouldBe(1);
        stderr.Trim().Split('\n').Length.ShouldBe(1, stderr);
        stderr.ShouldStartWith("Configuration error: ");
        stderr.ShouldContain(named);
    }

    [Fact]
    public async Task NoAudience_StopsWithOneLineNamingAudiences()
    {
        var (exitCode, _, stderr) = await RunApiAsync(without: "Auther__Audience");

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldBe("Configuration error: Auther:Audiences needs at least one audience: the session JWT audience and each OAuth client id (set Auther__Audiences__0 or AUTHER_AUDIENCE, comma-separated).");
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
    public async Task MetricsDetailThatIsNoBoolean_IsReported()
    {
        var (exitCode, _, stderr) = await RunApiAsync(with: ("Metrics__Detailed", "yes"));

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldBe("Configuration error: Metrics:Detailed 'yes' is not true or false (leave it unset for false).");
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
        stderr.Trim().ShouldStartWith("Database unreachable at 127.0.0.1:9 (ConnectionStrings:Default or DATABASE_URL): ");
        stderr.Trim().ShouldEndWith("; migrations not applied.");
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
