using System.Net.Http.Json;
using System.Text.Json;
using App.Api.Auth;
using App.Tests.Infrastructure;

namespace App.Tests.Errors;

/// <summary>
/// The DataAnnotations attributes on request records and handler parameters are enforced before the handler
/// runs (AddValidation): 400, <c>code</c> validation_failed, <c>errors</c> keyed by the field as the client names it.
/// </summary>
public sealed class RequestValidationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AMissingRequiredBodyField_Is400_NamedAsInTheJson()
    {
        var caller = await api.SignedInAsync(TestData.NewUserId());

        using var response = await caller.PostAsJsonAsync("/api/orgs", new { slug = $"valid-{Guid.NewGuid():N}"[..20] });

        var errors = await ValidationErrorsAsync(response);
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["name"]);
    }

    [Fact]
    public async Task ATooLongBodyField_Is400()
    {
        var caller = await api.SignedInAsync(TestData.NewUserId());

        using var response = await caller.PatchAsJsonAsync($"/api/orgs/{await caller.CreateOrganizationAsync()}", new { name = new string('n', 201) });

        (await ValidationErrorsAsync(response)).TryGetProperty("name", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task ARouteValueOfOnlySpaces_Is400_BeforeAutherIsAsked()
    {
        var admin = api.ClientFor(TestData.NewUserId(), Policies.UserDeactivate);

        using var response = await admin.PostAsJsonAsync("/api/users/%20%20/deactivate", new { reason = "spam" });

        (await ValidationErrorsAsync(response)).TryGetProperty("userId", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task AQueryValueOutOfRange_Is400()
    {
        var admin = api.ClientFor(TestData.NewUserId(), Policies.UserRead);

        using var response = await admin.GetAsync("/api/users?pageSize=0&status=gone");

        (await ValidationErrorsAsync(response)).EnumerateObject().Select(e => e.Name).ShouldBe(["pageSize", "status"], ignoreOrder: true);
    }

    [Fact]
    public async Task ARuleThatReadsTheClock_Is400_WithItsField()
    {
        var admin = api.ClientFor(TestData.NewUserId(), Policies.TokenRevoke);

        using var response = await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { jti = "old-token", expiresAt = DateTimeOffset.UnixEpoch });

        (await ValidationErrorsAsync(response)).EnumerateObject().Select(e => e.Name).ShouldBe(["expiresAt"]);
    }

    private static async Task<JsonElement> ValidationErrorsAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, 400);
        problem.GetProperty("code").GetString().ShouldBe("validation_failed");
        return problem.GetProperty("errors");
    }
}
