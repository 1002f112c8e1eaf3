using System.Net;
using System.Net.Http.Json;
using App.Api.Auth;
using App.Tests.Infrastructure;
using Auther.Dev;
using Auther.Dev.Tokens;

namespace App.Tests.Auth;

/// <summary>The existing named policies, fed by the token's permissions or by the registry's role mapping.</summary>
public sealed class AuthorizationPolicyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task PermissionInTheToken_SatisfiesThePolicyOfTheSameName()
    {
        using var client = api.ClientFor(TestData.NewUserId(), Policies.TokenRevoke);

        using var response = await client.PostAsJsonAsync("/api/admin/tokens/revoke", new { jti = Guid.NewGuid().ToString() });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeployedAdminRole_WithoutAPermissionsClaim_SatisfiesAdminPolicies()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with { Style = TokenStyle.Deployed, Role = "admin" });

        using var response = await api.ClientWith(token).PostAsJsonAsync("/api/admin/tokens/revoke", new { jti = Guid.NewGuid().ToString() });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MissingPermission_Returns403Problem()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with { Style = TokenStyle.Deployed, Role = "user" });

        using var response = await api.ClientWith(token).PostAsJsonAsync("/api/admin/tokens/revoke", new { jti = "x" });

        var problem = await ProblemAssert.IsProblemAsync(response, 403);
        problem.GetProperty("code").GetString().ShouldBe("missing_permission");
        problem.GetProperty("permission").GetString().ShouldBe(Policies.TokenRevoke);
        problem.GetProperty("detail").GetString().ShouldBe(
            "This needs the permission 'token:revoke'. Neither your token's permissions nor your roles grant it.");
    }

    [Fact]
    public async Task MissingPermission_OnAnOrganizationRoute_NamesThePermissionAndTheCallersOwnRole_AndNoOtherUser()
    {
        var ownerId = TestData.NewUserId();
        var owner = await api.SignedInAsync(ownerId);
        var slug = await owner.CreateOrganizationAsync();
        var memberId = TestData.NewUserId();
        var member = await api.SignedInAsync(memberId);
        await owner.AddMemberAsync(slug, memberId, "member");

        using var response = await member.PatchAsJsonAsync($"/api/orgs/{slug}", new { name = "Renamed" });

        var problem = await ProblemAssert.IsProblemAsync(response, 403);
        problem.GetProperty("code").GetString().ShouldBe("missing_permission");
        problem.GetProperty("permission").GetString().ShouldBe(Policies.MemberManage);
        problem.GetProperty("detail").GetString()!.ShouldContain("role 'member' in this organization");
        problem.GetRawText().ShouldNotContain(ownerId);
    }
}
