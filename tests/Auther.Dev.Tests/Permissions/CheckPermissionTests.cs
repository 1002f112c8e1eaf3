using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Permissions;

public sealed class CheckPermissionTests : IAsyncLifetime
{
    private AutherDevServer _server = null!;

    public async Task InitializeAsync() => _server = await TestAuther.StartAsync(o => o.ExpenseApprovalLimits["approver-1"] = 500m);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(499.99, true)]
    [InlineData(500, true)]
    [InlineData(500.01, false)]
    public async Task ExpenseApprove_IsAllowedUpToTheUsersLimit(decimal amount, bool allowed)
    {
        var response = await CheckAsync(Request("approver-1", amount));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("allowed").GetBoolean().ShouldBe(allowed);
    }

    [Fact]
    public async Task ExpenseApprove_IsDenied_ForAUserWithoutALimit()
    {
        var response = await CheckAsync(Request("someone-else", 1m));

        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("allowed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task AGrantedRelation_IsAllowed()
    {
        _server.Grant("member-1", "project", "p-1", "edit");

        var response = await CheckAsync(new { entityType = "project", entityId = "p-1", permission = "edit", subject = new { type = "user", id = "member-1" } });

        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("allowed").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task WithoutTheApiKey_Answers401InAuthersOwnShape()
    {
        using var client = TestAuther.Client(_server);

        var response = await client.PostAsJsonAsync("/api/auth/check-permission", Request("approver-1", 1m));

        await ErrorAssert.AutherAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task MissingFields_Answer400InAuthersOwnShape()
    {
        var response = await CheckAsync(new { entityType = "expense" });

        await ErrorAssert.AutherAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    private async Task<HttpResponseMessage> CheckAsync(object body)
    {
        using var client = TestAuther.Client(_server);
        client.DefaultRequestHeaders.Add("x-api-key", TestAuther.AdminApiKey);
        return await client.PostAsJsonAsync("/api/auth/check-permission", body);
    }

    // The request the app sends (docs/decisions.md, "Calls to Auther").
    private static object Request(string userId, decimal amount) => new
    {
        entityType = "expense",
        entityId = "exp-1",
        permission = "approve",
        subject = new { type = "user", id = userId },
        resource = new { id = "exp-1", type = "expense", attributes = new { amount, currency = "EUR", status = "submitted", submitterId = "other" } },
    };
}
