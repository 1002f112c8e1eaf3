using System.Net;
using Auther.Dev.Tests.Infrastructure;
using Auther.Dev.Webhooks;

namespace Auther.Dev.Tests.Dashboard;

public sealed class DashboardTests
{
    [Fact]
    public async Task Dashboard_ListsUsersKeysAndDeliveries_HtmlEncoded()
    {
        await using var receiver = await WebhookRecorder.StartAsync();
        await using var server = await TestAuther.StartAsync(o =>
            o.WebhookEndpoints.Add(new WebhookEndpointOptions { Url = receiver.Url, Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }));
        server.CreateUser("dash@example.com", "<script>alert(1)</script>");
        await server.WaitUntilIdleAsync();

        var html = await TestAuther.Client(server).GetStringAsync("/");

        html.ShouldContain("dash@example.com");
        html.ShouldContain("&lt;script&gt;");
        html.ShouldNotContain("<script>alert");
        html.ShouldContain(server.CurrentKey.Kid);
        html.ShouldContain("user.created");
        html.ShouldContain("Delivered");
    }

    [Fact]
    public async Task MintButton_ShowsATokenForTheUser()
    {
        await using var server = await TestAuther.StartAsync();
        var user = server.CreateUser("mint@example.com");

        var response = await TestAuther.Client(server).PostAsync($"/dev/users/{user.Id}/token", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("eyJ");
    }
}
