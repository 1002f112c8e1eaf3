using System.Diagnostics;
using App.Api.Webhooks;
using App.Tests.Infrastructure;

namespace App.Tests.Webhooks;

/// <summary>A weak Webhooks setting stops start-up with a line naming it.</summary>
public sealed class WebhookOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var options = new WebhookOptions();

        new WebhookOptionsValidator().Validate(null, options).Succeeded.ShouldBeTrue();
        (options.SvixTolerance, options.NativeTolerance, options.InboxRetention).ShouldBe((TimeSpan.FromMinutes(5), TimeSpan.FromHours(72), TimeSpan.FromDays(14)));
    }

    [Fact]
    public void RetentionShorterThanTheNativeWindow_IsRefused()
    {
        var result = new WebhookOptionsValidator().Validate(null, new WebhookOptions { InboxRetention = TimeSpan.FromHours(48) });

        result.Failures!.ShouldHaveSingleItem().ShouldStartWith("Webhooks:InboxRetention (2.00:00:00) must be longer than the widest signature window");
    }

    [Fact]
    public void EveryBadSetting_IsNamed()
    {
        var result = new WebhookOptionsValidator().Validate(null, new WebhookOptions
        {
            AcceptSvix = false, AcceptNative = false, SvixTolerance = TimeSpan.Zero, MaxBodyBytes = 10, PurgeInterval = TimeSpan.FromSeconds(-1),
        });

        var failures = string.Join('\n', result.Failures!);
        foreach (var key in new[] { "AcceptSvix", "SvixTolerance", "MaxBodyBytes", "PurgeInterval" })
        {
            failures.ShouldContain("Webhooks:" + key);
        }
    }

    [Fact]
    public async Task TheApi_RefusesToStartWithABadSetting_NamingIt()
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "App.Api.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.Environment.Clear();
        info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        info.Environment["HOME"] = Environment.GetEnvironmentVariable("HOME");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Default"] = "Host=127.0.0.1;Port=9;Database=none;Username=none";
        info.Environment["Auther__Url"] = "http://127.0.0.1:9";
        info.Environment["Auther__Audience"] = ApiFixture.Audience;
        info.Environment["AUTHER_INBOUND_WEBHOOK_SECRET"] = ApiFixture.WebhookSecret;
        info.Environment["Auther__SignupSecret"] = ApiFixture.SignupSecret;
        info.Environment["Auther__AdminApiKey"] = ApiFixture.AdminApiKey;
        info.Environment["Webhooks__InboxRetention"] = "1.00:00:00";

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.ShouldBe(1);
        (await stderr).Trim().ShouldStartWith("Configuration error: Webhooks:InboxRetention (1.00:00:00) must be longer than the widest signature window");
    }
}
