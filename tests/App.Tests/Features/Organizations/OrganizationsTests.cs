using System.Net;
using System.Net.Http.Json;
using App.Tests.Infrastructure;
using App.Data.Organizations;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Features.Organizations;

public sealed class OrganizationsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Create_MakesTheCreatorOwner_AndIsAudited()
    {
        var userId = TestData.NewUserId();
        var caller = await api.SignedInAsync(userId);
        var slug = Callers.NewSlug();

        using var response = await caller.PostAsJsonAsync("/api/orgs", new { slug, name = "  Acme Travel  " });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/api/orgs/{slug}");
        var body = await response.JsonAsync();
        body.GetProperty("name").GetString().ShouldBe("Acme Travel");
        body.GetProperty("role").GetString().ShouldBe("owner");
        await using var db = api.CreateDbContext();
        var organizationId = body.GetProperty("id").GetGuid();
        (await db.Members.SingleAsync(m => m.OrganizationId == organizationId)).UserId.ShouldBe(userId);
        (await db.AuditLogs.SingleAsync(a => a.Action == "organization.created" && a.Subject == $"organization:{organizationId}")).ActorId.ShouldBe(userId);
    }

    [Fact]
    public async Task Create_WithATakenSlug_Returns409Problem()
    {
        var slug = await (await api.SignedInAsync(TestData.NewUserId())).CreateOrganizationAsync();
        var other = await api.SignedInAsync(TestData.NewUserId());

        using var response = await other.PostAsJsonAsync("/api/orgs", new { slug, name = "Copycat" });

        var problem = await ProblemAssert.IsProblemAsync(response, 409);
        problem.GetProperty("code").GetString().ShouldBe("slug_taken");
    }

    /// <summary>
    /// Two creations of one slug at once: the first is still uncommitted when the second checks, so the second
    /// meets the unique index instead, and still answers 409.
    /// </summary>
    [Fact]
    public async Task Create_RacingAnotherCreationOfTheSameSlug_Returns409Problem()
    {
        var caller = await api.SignedInAsync(TestData.NewUserId());
        var slug = Callers.NewSlug();
        await using var db = api.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Organizations.Add(new Organization { Id = Guid.CreateVersion7(), Slug = slug, Name = "First", CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();

        var create = caller.PostAsJsonAsync("/api/orgs", new { slug, name = "Second" });
        await LockWaits.SomeoneWaitsAsync(api);
        await transaction.CommitAsync();

        using var response = await create;
        (await ProblemAssert.IsProblemAsync(response, 409)).GetProperty("code").GetString().ShouldBe("slug_taken");
    }

    [Fact]
    public async Task Create_WithABadSlugAndNoName_Returns400WithFieldErrors()
    {
        var caller = await api.SignedInAsync(TestData.NewUserId());

        using var response = await caller.PostAsJsonAsync("/api/orgs", new { slug = "Acme Corp" });

        var problem = await ProblemAssert.IsProblemAsync(response, 400);
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty("slug", out _).ShouldBeTrue();
        errors.TryGetProperty("name", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task ListMine_ShowsOnlyMyOrganizationsWithMyRole()
    {
        var meId = TestData.NewUserId();
        var me = await api.SignedInAsync(meId);
        var mine = await me.CreateOrganizationAsync();
        var other = await api.SignedInAsync(TestData.NewUserId());
        var joined = await other.CreateOrganizationAsync();
        await other.AddMemberAsync(joined, meId, "admin");
        var notMine = await other.CreateOrganizationAsync();

        var list = await (await me.GetAsync("/api/orgs")).JsonAsync();

        var roles = list.EnumerateArray().ToDictionary(o => o.GetProperty("slug").GetString()!, o => o.GetProperty("role").GetString());
        roles.ShouldBe(new Dictionary<string, string?> { [mine] = "owner", [joined] = "admin" }, ignoreOrder: true);
        roles.ContainsKey(notMine).ShouldBeFalse();
    }

    [Fact]
    public async Task ListMine_IsOrderedByNameThenSlug()
    {
        var me = await api.SignedInAsync(TestData.NewUserId());
        var zeta = await CreateAsync(me, "Zeta");
        var alpha2 = await CreateAsync(me, "Alpha", Callers.NewSlug() + "-2");
        var alpha1 = await CreateAsync(me, "Alpha", alpha2[..^2] + "-1");

        var list = await (await me.GetAsync("/api/orgs")).JsonAsync();

        list.EnumerateArray().Select(o => o.GetProperty("slug").GetString()).ShouldBe([alpha1, alpha2, zeta]);
    }

    [Fact]
    public async Task Rename_ByAnAdmin_ChangesTheName()
    {
        var owner = await api.SignedInAsync(TestData.NewUserId());
        var slug = await owner.CreateOrganizationAsync();
        var adminId = TestData.NewUserId();
        var admin = await api.SignedInAsync(adminId);
        await owner.AddMemberAsync(slug, adminId, "admin");

        using var response = await admin.PatchAsJsonAsync($"/api/orgs/{slug}", new { name = "Renamed" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await owner.GetAsync($"/api/orgs/{slug}")).JsonAsync()).GetProperty("name").GetString().ShouldBe("Renamed");
        await using var db = api.CreateDbContext();
        (await db.AuditLogs.CountAsync(a => a.Action == "organization.renamed" && a.ActorId == adminId)).ShouldBe(1);
    }

    [Fact]
    public async Task Rename_ByAPlainMember_Returns403Problem()
    {
        var owner = await api.SignedInAsync(TestData.NewUserId());
        var slug = await owner.CreateOrganizationAsync();
        var memberId = TestData.NewUserId();
        var member = await api.SignedInAsync(memberId);
        await owner.AddMemberAsync(slug, memberId, "member");

        using var response = await member.PatchAsJsonAsync($"/api/orgs/{slug}", new { name = "Mine now" });

        await ProblemAssert.IsProblemAsync(response, 403);
    }

    private static async Task<string> CreateAsync(HttpClient owner, string name, string? slug = null)
    {
        slug ??= Callers.NewSlug();
        using var response = await owner.PostAsJsonAsync("/api/orgs", new { slug, name });
        response.EnsureSuccessStatusCode();
        return slug;
    }
}
