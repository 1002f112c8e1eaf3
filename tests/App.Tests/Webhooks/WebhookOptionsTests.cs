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
        var (exitCode, _, stderr) = await ApiProcess.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Default"] = "Host=127.0.0.1;Port=9;Database=none;Username=none",
            ["Auther__Url"] = "http://127.0.0.1:9",
            ["Auther__Audience"] = ApiFixture.Audience,
            ["AUTHER_INBOUND_WEBHOOK_SECRET"] = ApiFixture.WebhookSecret,
            ["Auther__SignupSecret"] = ApiFixture.SignupSecret,
            ["Auther__AdminApiKey"] = ApiFixture.AdminApiKey,
            ["Webhooks__InboxRetention"] = "1.00:00:00",
        }, "--urls", "http://127.0.0.1:0");

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldStartWith("Configuration error: Webhooks:InboxRetention (1.00:00:00) must be longer than the widest signature window");
    }
}
