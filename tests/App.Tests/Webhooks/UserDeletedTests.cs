using App.Data.AuditLogs;
using App.Data.AuthRelations;
using App.Data.Expenses;
using App.Data.LegacySessions;
using App.Data.Notifications;
using App.Data.Organizations;
using App.Data.Users;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Webhooks;

/// <summary>user.deleted keeps history with scrubbed names, cascades owned rows, and leaves a tombstone.</summary>
public sealed class UserDeletedTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    [Fact]
    public async Task Deletion_ScrubsAuditAndExpenseNames_CascadesOwnedRows_AndRecordsATombstone()
    {
        var user = await api.AddUserAsync();
        var other = await api.AddUserAsync();
        var seeded = await SeedOwnedRowsAsync(user.Id, other.Id);
        var evt = AutherEvent.Create("user.deleted", new { id = user.Id });

        (await api.DeliverAsync(evt)).ShouldBe("applied");

        await using var db = api.CreateDbContext();
        (await db.Users.AnyAsync(u => u.Id == user.Id)).ShouldBeFalse();
        (await db.Users.AnyAsync(u => u.Id == other.Id)).ShouldBeTrue();

        var audit = await db.AuditLogs.Where(a => a.ActorId == user.Id).ToListAsync();
        audit.Count.ShouldBe(2);
        audit.ShouldAllBe(a => a.ActorEmail == AuditLog.Scrubbed && a.ActorName == AuditLog.Scrubbed);
        (await db.AuditLogs.SingleAsync(a => a.ActorId == other.Id)).ActorEmail.ShouldBe(other.Email);

        var submitted = await db.Expenses.SingleAsync(e => e.Id == seeded.SubmittedExpense);
        submitted.SubmittedBy.ShouldBeNull();
        submitted.SubmitterName.ShouldBe(AuditLog.Scrubbed);
        var approved = await db.Expenses.SingleAsync(e => e.Id == seeded.ApprovedExpense);
        approved.DecidedBy.ShouldBeNull();
        approved.SubmitterName.ShouldBe("Other Person");

        (await db.Notifications.AnyAsync(n => n.UserId == user.Id)).ShouldBeFalse();
        (await db.PushTokens.AnyAsync(p => p.UserId == user.Id)).ShouldBeFalse();
        (await db.NotificationPreferences.AnyAsync(p => p.UserId == user.Id)).ShouldBeFalse();
        (await db.Members.AnyAsync(m => m.UserId == user.Id)).ShouldBeFalse();
        (await db.LegacySessions.AnyAsync(s => s.UserId == user.Id)).ShouldBeFalse();
        (await db.KnownDevices.AnyAsync(d => d.UserId == user.Id)).ShouldBeFalse();
        (await db.AuthRelations.AnyAsync(r => r.SubjectType == "user" && r.SubjectId == user.Id)).ShouldBeFalse();
        (await db.Organizations.SingleAsync(o => o.Id == seeded.Organization)).CreatedBy.ShouldBeNull();
        (await db.Members.CountAsync(m => m.OrganizationId == seeded.Organization)).ShouldBe(1);

        var tombstone = await db.UserTombstones.SingleAsync(t => t.UserId == user.Id);
        tombstone.EventAt.ShouldBe(evt.OccurredAt);
        tombstone.DeletedAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task Deletion_WaitsForTheUsersLock_SoItNeverInterleavesWithAnotherEventOfTheUser()
    {
        var user = await api.AddUserAsync();
        await using var held = await LockWaits.HoldUserLockAsync(api, user.Id);

        var delivery = api.DeliverAsync(AutherEvent.Create("user.deleted", new { id = user.Id }));
        var waiting = await LockWaits.WaitsForTheUserLockAsync(held, user.Id, delivery);

        waiting.ShouldBeTrue("the deletion went ahead while another transaction held the user's lock");
        await held.CloseAsync();
        (await delivery).ShouldBe("applied");
        await using var db = api.CreateDbContext();
        (await db.Users.AnyAsync(u => u.Id == user.Id)).ShouldBeFalse();
    }

    [Fact]
    public async Task DeletingAnUnknownUser_StillRecordsTheTombstone()
    {
        var id = TestData.NewUserId();

        (await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id }))).ShouldBe("applied");

        (await api.QueryAsync(db => db.UserTombstones.AnyAsync(t => t.UserId == id))).ShouldBeTrue();
    }

    private sealed record Seeded(Guid Organization, Guid SubmittedExpense, Guid ApprovedExpense);

    private async Task<Seeded> SeedOwnedRowsAsync(string userId, string otherId)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = api.CreateDbContext();
        var org = new Organization { Id = Guid.NewGuid(), Slug = "org-" + Guid.NewGuid().ToString("N")[..8], Name = "Org", CreatedBy = userId, CreatedAt = now };
        db.Organizations.Add(org);
        db.Members.Add(new Member { Id = Guid.NewGuid(), OrganizationId = org.Id, UserId = userId, Role = MemberRoles.Owner, CreatedAt = now });
        db.Members.Add(new Member { Id = Guid.NewGuid(), OrganizationId = org.Id, UserId = otherId, Role = MemberRoles.Member, CreatedAt = now });
        var submitted = new Expense
        {
            Id = Guid.NewGuid(), OrganizationId = org.Id, SubmittedBy = userId, SubmitterName = "Deleted Person", Amount = 12.5m,
            Currency = "EUR", Description = "Train", Status = ExpenseStatus.Submitted, CreatedAt = now, UpdatedAt = now,
        };
        var approved = new Expense
        {
            Id = Guid.NewGuid(), OrganizationId = org.Id, SubmittedBy = otherId, SubmitterName = "Other Person", DecidedBy = userId, Amount = 3m,
            Currency = "EUR", Description = "Coffee", Status = ExpenseStatus.Approved, CreatedAt = now, UpdatedAt = now,
        };
        db.Expenses.AddRange(submitted, approved);
        db.Notifications.Add(new Notification { Id = Guid.NewGuid(), UserId = userId, Type = "x", Title = "Hello", CreatedAt = now });
        db.PushTokens.Add(new PushToken { Id = Guid.NewGuid(), UserId = userId, Token = "tok-" + Guid.NewGuid(), Platform = "ios", CreatedAt = now });
        db.NotificationPreferences.Add(new NotificationPreference { UserId = userId, Type = "x", UpdatedAt = now });
        db.LegacySessions.Add(new LegacySession { TokenHash = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), UserId = userId, CreatedAt = now, ExpiresAt = now.AddDays(1) });
        db.KnownDevices.Add(new KnownDevice { UserId = userId, DeviceHash = new string('a', 64), FirstSeenAt = now, LastSeenAt = now });
        db.AuthRelations.Add(new AuthRelation
        {
            TupleId = "t-" + Guid.NewGuid(), SubjectType = "user", SubjectId = userId, EntityType = "organization", EntityId = org.Id.ToString(),
            Relation = "admin", UpdatedAt = now,
        });
        db.AuditLogs.AddRange(
            new AuditLog { ActorId = userId, ActorEmail = "gone@example.com", ActorName = "Gone", Action = "expense.submit", CreatedAt = now },
            new AuditLog { ActorId = userId, ActorEmail = "gone@example.com", ActorName = "Gone", Action = "expense.approve", CreatedAt = now },
            new AuditLog { ActorId = otherId, ActorEmail = (await db.Users.SingleAsync(u => u.Id == otherId)).Email, ActorName = "Other", Action = "x", CreatedAt = now });
        await db.SaveChangesAsync();
        return new Seeded(org.Id, submitted.Id, approved.Id);
    }
}
