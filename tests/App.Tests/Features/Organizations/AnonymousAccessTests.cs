using System.Net.Http.Json;
using App.Tests.Infrastructure;

namespace App.Tests.Features.Organizations;

/// <summary>Without a token every new route answers 401 problem, and never tells whether an organization exists.</summary>
public sealed class AnonymousAccessTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("GET", "/api/orgs")]
    [InlineData("POST", "/api/orgs")]
    [InlineData("GET", "/api/orgs/no-such-org")]
    [InlineData("GET", "/api/orgs/no-such-org/members")]
    [InlineData("GET", "/api/orgs/no-such-org/expenses")]
    [InlineData("POST", "/api/orgs/no-such-org/expenses/6f1f7f7e-4f7e-4a57-9d8e-2a1c0f0e0b11/approve")]
    [InlineData("GET", "/api/orgs/no-such-org/notifications")]
    [InlineData("GET", "/api/notifications")]
    [InlineData("PUT", "/api/notifications/preferences")]
    [InlineData("POST", "/api/notifications/push-tokens")]
    [InlineData("GET", "/api/admin/audit-logs")]
    public async Task Route_WithoutAToken_Returns401Problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { });
        }

        using var response = await api.CreateClient().SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 401);
    }

    [Fact]
    public async Task ExpenseIdThatIsNotAGuid_IsAnUnknownRoute_404()
    {
        using var response = await api.CreateClient().GetAsync("/api/orgs/acme/expenses/not-a-guid");

        await ProblemAssert.IsProblemAsync(response, 404);
    }
}
