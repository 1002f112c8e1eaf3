using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;
using Auther.Dev.Webhooks;

namespace Auther.Dev.Tests.Operator;

/// <summary>Changes an operator makes in Auther's admin UI: visible in Auther, announced to nobody in deployed mode.</summary>
public sealed class OperatorTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public async Task InProcess_BanUnbanSetRoleRemove_UpdateTheUser_AndEmitNothing_InDeployedMode()
    {
        await using var receiver = await WebhookRecorder.StartAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await Deployed.StartAsync(o => o.TimeProvider = clock);
        var user = server.CreateUser("operated@example.com");
        server.AddWebhookEndpoint(new WebhookEndpointOptions { Url = receiver.Url, Secret = Secret, OwnerUserId = user.Id });

        clock.Advance(TimeSpan.FromMinutes(1));
        var banned = server.Operator.Ban(user.Id, "fraud", TimeSpan.FromDays(1));
        clock.Advance(TimeSpan.FromMinutes(1));
        var promoted = server.Operator.SetRole(user.Id, "admin");
        var unbanned = server.Operator.Unban(user.Id);
        server.Operator.Remove(user.Id);
        await server.WaitUntilIdleAsync();

        banned.Banned.ShouldBeTrue();
        banned.UpdatedAt.ShouldBeGreaterThan(user.UpdatedAt);
        promoted.Role.ShouldBe("admin");
        promoted.UpdatedAt.ShouldBeGreaterThan(banned.UpdatedAt);
        unbanned.Banned.ShouldBeFalse();
        server.FindUser(user.Id).ShouldBeNull();
        receiver.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task InProcess_Ban_AnnouncesUserUpdated_InDocumentedMode()
    {
        await using var receiver = await WebhookRecorder.StartAsync();
        await using var server = await TestAuther.StartAsync(o => o.WebhookEndpoints.Add(new WebhookEndpointOptions { Url = receiver.Url, Secret = Secret }));
        var user = server.CreateUser("documented@example.com");

        server.Operator.Ban(user.Id);

        var requests = await receiver.WaitForAsync(2);
        JsonDocument.Parse(requests[1].Body).RootElement.GetProperty("type").GetString().ShouldBe("user.updated");
    }

    [Fact]
    public async Task DevRoute_SetsTheRole()
    {
        await using var server = await Deployed.StartAsync();
        var user = server.CreateUser("route@example.com");
        using var client = TestAuther.Client(server);

        var response = await client.PostAsJsonAsync("/api/auth/dev/operator/set-role", new { userId = user.Id, role = "admin" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        server.FindUser(user.Id)!.Role.ShouldBe("admin");
    }

    [Fact]
    public async Task CliVerb_BansOnTheRunningServer()
    {
        await using var server = await Deployed.StartAsync();
        var user = server.CreateUser("cli@example.com");

        var (exit, output) = await CliProcess.RunAsync("operator", "ban", "--user", user.Id, "--reason", "cli", "--expires-in", "1h", "--url", server.BaseUrl.ToString());

        exit.ShouldBe(0, output);
        var banned = server.FindUser(user.Id)!;
        banned.Banned.ShouldBeTrue();
        banned.BanReason.ShouldBe("cli");
        banned.BanExpires.ShouldNotBeNull();
    }
}
