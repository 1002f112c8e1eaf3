using System.Net;
using System.Net.Http.Json;
using App.Tests.Infrastructure;

namespace App.Tests.Features.Organizations;

/// <summary><c>/api/orgs/{orgSlug}/...</c>: unknown 404, not a member 403, member 200 with their role; roles never cross organizations.</summary>
public sealed class OrganizationContextTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task UnknownOrganization_Returns404Problem()
    {
        var caller = await api.SignedInAsync(TestData.NewUserId());

        using var response = await caller.GetAsync($"/api/orgs/{Callers.NewSlug()}/members");

        var problem = await ProblemAssert.IsProblemAsync(response, 404);
        problem.GetProperty("code").GetString().ShouldBe("organization_not_found");
    }

    [Fact]
    public async Task SlugThatCannotExist_Returns404Problem()
    {
        var caller = await api.SignedInAsync(TestData.NewUserId());

        using var response = await caller.GetAsync("/api/orgs/Not_A_Slug/expenses");

        await ProblemAssert.IsProblemAsync(response, 404);
    }

    [Fact]
    public async Task ExistingOrganization_ForANonMember_Returns403Problem()
    {
        var slug = await (await api.SignedInAsync(TestData.NewUserId())).CreateOrganizationAsync();
        var stranger = await api.SignedInAsync(TestData.NewUserId());

        using var response = await stranger.GetAsync($"/api/orgs/{slug}/members");

        var problem = await ProblemAssert.IsProblemAsync(response, 403);
        problem.GetProperty("code").GetString().ShouldBe("not_a_member");
    }

    [Fact]
    public async Task ExistingOrganization_ForAMember_Returns200WithTheirRole()
    {
        var owner = await api.SignedInAsync(TestData.NewUserId());
        var slug = await owner.CreateOrganizationAsync();
        var memberId = TestData.NewUserId();
        var member = await api.SignedInAsync(memberId);
        await owner.AddMemberAsync(slug, memberId, "member");

        using var response = await member.GetAsync($"/api/orgs/{slug}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.JsonAsync();
        body.GetProperty("slug").GetString().ShouldBe(slug);
        body.GetProperty("role").GetString().ShouldBe("member");
    }

    [Fact]
    public async Task UnknownOrganization_WithoutAToken_IsStill401()
    {
        using var response = await api.CreateClient().GetAsync($"/api/orgs/{Callers.NewSlug()}/members");

        await ProblemAssert.IsProblemAsync(response, 401);
    }

    [Fact]
    public async Task AdminRoleInOneOrganization_GrantsNothingInAnother()
    {
        var adminId = TestData.NewUserId();
        var admin = await api.SignedInAsync(adminId);
        var slugA = await admin.CreateOrganizationAsync();
        var ownerB = await api.SignedInAsync(TestData.NewUserId());
        var slugB = await ownerB.CreateOrganizationAsync();
        await ownerB.AddMemberAsync(slugB, adminId, "member");
        var newcomer = TestData.NewUserId();
        await api.SignedInAsync(newcomer);

        using var inA = await admin.PostAsJsonAsync($"/api/orgs/{slugA}/members", new { userId = newcomer, role = "member" });
        using var inB = await admin.PostAsJsonAsync($"/api/orgs/{slugB}/members", new { userId = newcomer, role = "member" });

        inA.StatusCode.ShouldBe(HttpStatusCode.Created);
        await ProblemAssert.IsProblemAsync(inB, 403);
    }
}
