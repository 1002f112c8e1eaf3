using System.Net;
using System.Net.Http.Json;
using App.Tests.Infrastructure;
using App.Data.Organizations;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Features.Organizations;

public sealed class MembersTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Add_AUserKnownHere_Returns201_AndTheyAreListed()
    {
        var (owner, slug) = await OrganizationAsync();
        var userId = TestData.NewUserId();
        await api.SignedInAsync(userId);

        using var response = await owner.PostAsJsonAsync($"/api/orgs/{slug}/members", new { userId });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.JsonAsync()).GetProperty("role").GetString().ShouldBe("member");
        var members = (await (await owner.GetAsync($"/api/orgs/{slug}/members")).JsonAsync()).GetProperty("items");
        members.EnumerateArray().Select(m => m.GetProperty("userId").GetString()).ShouldContain(userId);
        members.EnumerateArray().Single(m => m.GetProperty("userId").GetString() == userId)
            .GetProperty("email").GetString().ShouldBe($"{userId}@example.test");
        response.Headers.Location!.ToString().ShouldBe($"/api/orgs/{slug}/members/{userId}");
        await using var db = api.CreateDbContext();
        var audit = await db.AuditLogs.SingleAsync(a => a.Action == "member.added" && a.Subject!.EndsWith($"/member:{userId}"));
        System.Text.Json.JsonDocument.Parse(audit.Details!).RootElement.GetProperty("role").GetString().ShouldBe("member");
    }

    [Fact]
    public async Task Add_NotifiesTheAddedUser_OfTheOrganizationAndTheirRole()
    {
        var (owner, slug) = await OrganizationAsync();
        var userId = TestData.NewUserId();
        var added = await api.SignedInAsync(userId);

        await owner.AddMemberAsync(slug, userId, "admin");

        var page = await added.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/notifications");
        var notification = page.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("type").GetString() == App.Api.Features.Notifications.NotificationTypes.MemberAdded);
        notification.GetProperty("title").GetString().ShouldBe("Added to an organization");
        notification.GetProperty("body").GetString().ShouldBe($"You were added to Org {slug} as admin.");
        notification.GetProperty("data").GetProperty("organization").GetString().ShouldBe(slug);
        notification.GetProperty("data").GetProperty("role").GetString().ShouldBe("admin");
    }

    /// <summary>The same user added twice at once: the second meets the unique index, not the check, and still answers 409.</summary>
    [Fact]
    public async Task Add_RacingAnotherAddOfTheSameUser_Returns409Problem()
    {
        var (owner, slug) = await OrganizationAsync();
        var userId = TestData.NewUserId();
        await api.SignedInAsync(userId);
        var organizationId = (await (await owner.GetAsync($"/api/orgs/{slug}")).JsonAsync()).GetProperty("id").GetGuid();
        await using var db = api.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Members.Add(new Member { Id = Guid.CreateVersion7(), OrganizationId = organizationId, UserId = userId, Role = MemberRoles.Member, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();

        var add = owner.PostAsJsonAsync($"/api/orgs/{slug}/members", new { userId });
        await LockWaits.SomeoneWaitsAsync(api);
        await transaction.CommitAsync();

        using var response = await add;
        (await ProblemAssert.IsProblemAsync(response, 409)).GetProperty("code").GetString().ShouldBe("already_member");
    }

    [Fact]
    public async Task AnAdmin_CannotAddAnOwner()
    {
        var (owner, slug) = await OrganizationAsync();
        var adminId = TestData.NewUserId();
        var admin = await api.SignedInAsync(adminId);
        await owner.AddMemberAsync(slug, adminId, "admin");
        var userId = TestData.NewUserId();
        await api.SignedInAsync(userId);

        using var response = await admin.PostAsJsonAsync($"/api/orgs/{slug}/members", new { userId, role = "owner" });

        (await ProblemAssert.IsProblemAsync(response, 403)).GetProperty("code").GetString().ShouldBe("owner_required");
        var members = (await (await owner.GetAsync($"/api/orgs/{slug}/members")).JsonAsync()).GetProperty("items");
        members.EnumerateArray().Select(m => m.GetProperty("userId").GetString()).ShouldNotContain(userId);
    }

    /// <summary>
    /// A role change or removal first locks the organization's row, so two owners demoting each other at once
    /// cannot both see "another owner remains". Held here from a second connection, the lock must hold the request back.
    /// </summary>
    [Theory]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task AMembershipChange_WaitsForTheOrganizationsRowLock(string method)
    {
        var (owner, slug) = await OrganizationAsync();
        var userId = TestData.NewUserId();
        await api.SignedInAsync(userId);
        await owner.AddMemberAsync(slug, userId, "member");
        await using var db = api.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM organizations WHERE slug = {slug} FOR UPDATE");

        var change = method == "PATCH"
            ? owner.PatchAsJsonAsync($"/api/orgs/{slug}/members/{userId}", new { role = "admin" })
            : owner.DeleteAsync($"/api/orgs/{slug}/members/{userId}");
        var first = await Task.WhenAny(change, Task.Delay(TimeSpan.FromSeconds(1)));
        await transaction.RollbackAsync();

        first.ShouldNotBe(change, "the change went ahead while another transaction held the organization's row");
        using var response = await change;
        response.StatusCode.ShouldBe(method == "PATCH" ? HttpStatusCode.OK : HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Add_AUserWithoutAShadowRow_Returns404WithAClearDetail()
    {
        var (owner, slug) = await OrganizationAsync();

        using var response = await owner.PostAsJsonAsync($"/api/orgs/{slug}/members", new { userId = TestData.NewUserId() });

        var problem = await ProblemAssert.IsProblemAsync(response, 404);
        problem.GetProperty("code").GetString().ShouldBe("user_not_found");
        problem.GetProperty("detail").GetString()!.ShouldContain("sign in");
    }

    [Fact]
    public async Task Add_TwiceOrWithAnUnknownRole_Returns409Or400()
    {
        var (owner, slug) = await OrganizationAsync();
        var userId = TestData.NewUserId();
        await api.SignedInAsync(userId);
        await owner.AddMemberAsync(slug, userId, "member");

        using var again = await owner.PostAsJsonAsync($"/api/orgs/{slug}/members", new { userId });
        using var badRole = await owner.PostAsJsonAsync($"/api/orgs/{slug}/members", new { userId, role = "superuser" });

        await ProblemAssert.IsProblemAsync(again, 409);
        (await ProblemAssert.IsProblemAsync(badRole, 400)).GetProperty("errors").TryGetProperty("role", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task ChangeRole_ByTheOwner_IsAppliedAndAudited()
    {
        var (owner, slug) = await OrganizationAsync();
        var userId = TestData.NewUserId();
        await api.SignedInAsync(userId);
        await owner.AddMemberAsync(slug, userId, "member");

        using var response = await owner.PatchAsJsonAsync($"/api/orgs/{slug}/members/{userId}", new { role = "admin" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("role").GetString().ShouldBe("admin");
        await using var db = api.CreateDbContext();
        var row = await db.AuditLogs.SingleAsync(a => a.Action == "member.role_changed" && a.Subject!.EndsWith($"/member:{userId}"));
        System.Text.Json.JsonDocument.Parse(row.Details!).RootElement.GetProperty("to").GetString().ShouldBe("admin");
    }

    [Fact]
    public async Task ChangeRole_ToAnUnknownRole_Returns400()
    {
        var (owner, slug) = await OrganizationAsync();

        using var response = await owner.PatchAsJsonAsync($"/api/orgs/{slug}/members/{TestData.NewUserId()}", new { role = "boss" });

        await ProblemAssert.IsProblemAsync(response, 400);
    }

    [Fact]
    public async Task DemotingOrRemovingTheLastOwner_Returns409()
    {
        var ownerId = TestData.NewUserId();
        var owner = await api.SignedInAsync(ownerId);
        var slug = await owner.CreateOrganizationAsync();

        using var demote = await owner.PatchAsJsonAsync($"/api/orgs/{slug}/members/{ownerId}", new { role = "admin" });
        using var remove = await owner.DeleteAsync($"/api/orgs/{slug}/members/{ownerId}");

        (await ProblemAssert.IsProblemAsync(demote, 409)).GetProperty("code").GetString().ShouldBe("last_owner");
        await ProblemAssert.IsProblemAsync(remove, 409);
    }

    [Fact]
    public async Task AnOwner_MayStepDown_OnceAnotherOwnerExists()
    {
        var ownerId = TestData.NewUserId();
        var owner = await api.SignedInAsync(ownerId);
        var slug = await owner.CreateOrganizationAsync();
        var secondId = TestData.NewUserId();
        await api.SignedInAsync(secondId);
        await owner.AddMemberAsync(slug, secondId, "owner");

        using var response = await owner.DeleteAsync($"/api/orgs/{slug}/members/{ownerId}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using var db = api.CreateDbContext();
        (await db.AuditLogs.CountAsync(a => a.Action == "member.removed" && a.ActorId == ownerId)).ShouldBe(1);
        (await db.Members.AnyAsync(m => m.UserId == ownerId && m.Organization!.Slug == slug)).ShouldBeFalse();
    }

    [Fact]
    public async Task AnAdmin_CannotTouchTheOwnerRole()
    {
        var ownerId = TestData.NewUserId();
        var owner = await api.SignedInAsync(ownerId);
        var slug = await owner.CreateOrganizationAsync();
        var adminId = TestData.NewUserId();
        var admin = await api.SignedInAsync(adminId);
        await owner.AddMemberAsync(slug, adminId, "admin");

        using var demoteOwner = await admin.PatchAsJsonAsync($"/api/orgs/{slug}/members/{ownerId}", new { role = "member" });
        using var promoteSelf = await admin.PatchAsJsonAsync($"/api/orgs/{slug}/members/{adminId}", new { role = "owner" });
        using var removeOwner = await admin.DeleteAsync($"/api/orgs/{slug}/members/{ownerId}");

        (await ProblemAssert.IsProblemAsync(demoteOwner, 403)).GetProperty("code").GetString().ShouldBe("owner_required");
        await ProblemAssert.IsProblemAsync(promoteSelf, 403);
        await ProblemAssert.IsProblemAsync(removeOwner, 403);
    }

    [Fact]
    public async Task APlainMember_CannotManageMembers_ButCanListThem()
    {
        var (owner, slug) = await OrganizationAsync();
        var memberId = TestData.NewUserId();
        var member = await api.SignedInAsync(memberId);
        await owner.AddMemberAsync(slug, memberId, "member");

        using var list = await member.GetAsync($"/api/orgs/{slug}/members");
        using var add = await member.PostAsJsonAsync($"/api/orgs/{slug}/members", new { userId = memberId });
        using var remove = await member.DeleteAsync($"/api/orgs/{slug}/members/{memberId}");

        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        await ProblemAssert.IsProblemAsync(add, 403);
        await ProblemAssert.IsProblemAsync(remove, 403);
    }

    [Fact]
    public async Task Remove_SomeoneWhoIsNotAMember_Returns404()
    {
        var (owner, slug) = await OrganizationAsync();

        using var response = await owner.DeleteAsync($"/api/orgs/{slug}/members/{TestData.NewUserId()}");

        await ProblemAssert.IsProblemAsync(response, 404);
    }

    [Fact]
    public async Task AnAdminOfOneOrganization_CannotRemoveOrChangeAMembershipInAnother()
    {
        var (ownerA, slugA) = await OrganizationAsync();
        var (ownerB, slugB) = await OrganizationAsync();
        var userId = TestData.NewUserId();
        await api.SignedInAsync(userId);
        await ownerB.AddMemberAsync(slugB, userId, "member");

        // Through A's route, where the user is no member: A's admin rights must not reach B's row.
        using var changeRole = await ownerA.PatchAsJsonAsync($"/api/orgs/{slugA}/members/{userId}", new { role = "admin" });
        using var remove = await ownerA.DeleteAsync($"/api/orgs/{slugA}/members/{userId}");

        (await ProblemAssert.IsProblemAsync(changeRole, 404)).GetProperty("code").GetString().ShouldBe("member_not_found");
        (await ProblemAssert.IsProblemAsync(remove, 404)).GetProperty("code").GetString().ShouldBe("member_not_found");
        var inB = (await (await ownerB.GetAsync($"/api/orgs/{slugB}/members")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Single(m => m.GetProperty("userId").GetString() == userId);
        inB.GetProperty("role").GetString().ShouldBe("member");
    }

    private async Task<(HttpClient Owner, string Slug)> OrganizationAsync()
    {
        var owner = await api.SignedInAsync(TestData.NewUserId());
        return (owner, await owner.CreateOrganizationAsync());
    }
}
