using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Api.ShadowUsers;
using App.Data.Organizations;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Features.Organizations;

/// <summary>
/// Item 9 of the third hostile round: deleting an organization's only owner left it ownerless for good (nobody
/// may grant the owner role but an owner). The deletion hands ownership over, or records the organization abandoned.
/// </summary>
public sealed class SoleOwnerDeletionTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddDays(-30);

    [Fact]
    public async Task DeletingTheOnlyOwner_MakesTheLongestStandingAdminOwner_BeforeOlderMembers_AndAuditsIt()
    {
        var owner = await api.AddUserAsync();
        var oldMember = await api.AddUserAsync();
        var youngerAdmin = await api.AddUserAsync();
        var olderAdminId = TestData.NewUserId();
        using var olderAdmin = await api.SignedInAsync(olderAdminId);
        var org = await SeedAsync(
            (owner.Id, MemberRoles.Owner, T0),
            (oldMember.Id, MemberRoles.Member, T0.AddDays(1)),
            (olderAdminId, MemberRoles.Admin, T0.AddDays(2)),
            (youngerAdmin.Id, MemberRoles.Admin, T0.AddDays(3)));

        (await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id = owner.Id }))).ShouldBe("applied");

        (await RolesAsync(org.Id)).ShouldBe(Roles((oldMember.Id, MemberRoles.Member), (olderAdminId, MemberRoles.Owner), (youngerAdmin.Id, MemberRoles.Admin)));
        var details = await SingleAuditAsync(org.Id, "organization.owner_handed_over");
        (details.GetProperty("from").GetString(), details.GetProperty("to").GetString()).ShouldBe((owner.Id, olderAdminId));

        // The new owner can do what only an owner can: grant the owner role.
        using var promote = await olderAdmin.PatchAsJsonAsync($"/api/orgs/{org.Slug}/members/{youngerAdmin.Id}", new { role = "owner" });
        promote.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeletingTheOnlyOwner_WithOnlyMembers_MakesTheLongestStandingMemberOwner()
    {
        var owner = await api.AddUserAsync();
        var newer = await api.AddUserAsync();
        var older = await api.AddUserAsync();
        var org = await SeedAsync(
            (owner.Id, MemberRoles.Owner, T0),
            (newer.Id, MemberRoles.Member, T0.AddDays(5)),
            (older.Id, MemberRoles.Member, T0.AddDays(1)));

        (await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id = owner.Id }))).ShouldBe("applied");

        (await RolesAsync(org.Id)).ShouldBe(Roles((newer.Id, MemberRoles.Member), (older.Id, MemberRoles.Owner)));
        (await SingleAuditAsync(org.Id, "organization.owner_handed_over")).GetProperty("to").GetString().ShouldBe(older.Id);
    }

    [Fact]
    public async Task DeletingTheOnlyMember_KeepsTheOrganization_AndAuditsItAbandoned()
    {
        var owner = await api.AddUserAsync();
        var org = await SeedAsync((owner.Id, MemberRoles.Owner, T0));

        (await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id = owner.Id }))).ShouldBe("applied");

        (await api.QueryAsync(db => db.Organizations.AnyAsync(o => o.Id == org.Id))).ShouldBeTrue();
        (await RolesAsync(org.Id)).ShouldBeEmpty();
        (await SingleAuditAsync(org.Id, "organization.abandoned")).GetProperty("lastOwner").GetString().ShouldBe(owner.Id);
        (await api.QueryAsync(db => db.AuditLogs.AnyAsync(a => a.Subject == $"organization:{org.Id}" && a.Action == "organization.owner_handed_over"))).ShouldBeFalse();
    }

    [Fact]
    public async Task DeletingOneOfTwoOwners_ChangesNoRole_AndWritesNoOwnershipAudit()
    {
        var owner = await api.AddUserAsync();
        var coOwner = await api.AddUserAsync();
        var admin = await api.AddUserAsync();
        var org = await SeedAsync(
            (owner.Id, MemberRoles.Owner, T0),
            (admin.Id, MemberRoles.Admin, T0.AddDays(1)),
            (coOwner.Id, MemberRoles.Owner, T0.AddDays(2)));

        (await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id = owner.Id }))).ShouldBe("applied");

        (await RolesAsync(org.Id)).ShouldBe(Roles((coOwner.Id, MemberRoles.Owner), (admin.Id, MemberRoles.Admin)));
        (await api.QueryAsync(db => db.AuditLogs.AnyAsync(a => a.Subject == $"organization:{org.Id}"))).ShouldBeFalse();
    }

    private async Task<Organization> SeedAsync(params (string UserId, string Role, DateTimeOffset Since)[] members)
    {
        await using var db = api.CreateDbContext();
        var org = new Organization { Id = Guid.NewGuid(), Slug = Callers.NewSlug(), Name = "Org", CreatedBy = members[0].UserId, CreatedAt = T0 };
        db.Organizations.Add(org);
        foreach (var (userId, role, since) in members)
        {
            db.Members.Add(new Member { Id = Guid.NewGuid(), OrganizationId = org.Id, UserId = userId, Role = role, CreatedAt = since });
        }

        await db.SaveChangesAsync();
        return org;
    }

    /// <summary>"user=role" for each member, in user id order.</summary>
    private async Task<List<string>> RolesAsync(Guid organizationId) =>
        Roles([.. (await api.QueryAsync(db => db.Members.Where(m => m.OrganizationId == organizationId).ToListAsync())).Select(m => (m.UserId, m.Role))]);

    private static List<string> Roles(params (string UserId, string Role)[] members) =>
        [.. members.Select(m => $"{m.UserId}={m.Role}").Order(StringComparer.Ordinal)];

    private async Task<JsonElement> SingleAuditAsync(Guid organizationId, string action)
    {
        var row = await api.QueryAsync(db => db.AuditLogs.SingleAsync(a => a.Subject == $"organization:{organizationId}" && a.Action == action));
        row.ActorId.ShouldBe(ShadowUserStore.DeletionActorId);
        return JsonDocument.Parse(row.Details!).RootElement;
    }
}
