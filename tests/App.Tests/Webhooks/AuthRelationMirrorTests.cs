using App.Api.Webhooks;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Webhooks;

/// <summary>The auth_relations mirror, fed by both event families, answers "who is admin of org X".</summary>
public sealed class AuthRelationMirrorTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-1);

    [Fact]
    public async Task Grant_IsUpsertedByTupleId_RevokedAsDelete_AndReGrantedUnderTheSameId()
    {
        var org = Guid.NewGuid().ToString();
        var tupleId = "tuple_" + Guid.NewGuid().ToString("N");
        var grant = new { tupleId, subjectType = "group", subjectId = "grp_ops", entityType = "organization", entityId = org, relation = "admin", hasCondition = false, clientId = "app" };

        await api.DeliverAsync(AutherEvent.Create("grant.created", grant, T0));
        await api.DeliverAsync(AutherEvent.Create("grant.condition.updated", grant with { hasCondition = true }, T0.AddSeconds(1)), WebhookFormat.Native);
        var row = await api.QueryAsync(db => db.AuthRelations.SingleAsync(r => r.TupleId == tupleId));
        row.SubjectType.ShouldBe("group");
        row.HasCondition.ShouldBeTrue();

        await api.DeliverAsync(AutherEvent.Create("grant.revoked", grant, T0.AddSeconds(2)));
        (await api.QueryAsync(db => db.AuthRelations.AnyAsync(r => r.TupleId == tupleId))).ShouldBeFalse();

        await api.DeliverAsync(AutherEvent.Create("grant.created", grant, T0.AddSeconds(3)));
        (await AdminsOf(org)).ShouldBe([("group", "grp_ops")]);
    }

    [Fact]
    public async Task OlderGrantEvent_DoesNotOverwriteANewerOne()
    {
        var tupleId = "tuple_" + Guid.NewGuid().ToString("N");
        var grant = new { tupleId, subjectType = "user", subjectId = "u1", entityType = "organization", entityId = "o1", relation = "admin", hasCondition = true };
        await api.DeliverAsync(AutherEvent.Create("grant.condition.updated", grant, T0.AddSeconds(5)));

        (await api.DeliverAsync(AutherEvent.Create("grant.created", grant with { hasCondition = false }, T0))).ShouldBe("stale");
        (await api.DeliverAsync(AutherEvent.Create("grant.revoked", grant, T0.AddSeconds(1)))).ShouldBe("stale");

        (await api.QueryAsync(db => db.AuthRelations.SingleAsync(r => r.TupleId == tupleId))).HasCondition.ShouldBeTrue();
    }

    [Fact]
    public async Task DocumentedAccessEvents_AreKeyedByUserEntityAndRelation()
    {
        var org = Guid.NewGuid().ToString();
        var access = new { userId = "user_a", entityType = "organization", entityId = org, relation = "admin" };

        await api.DeliverAsync(AutherEvent.Create("access.granted", access, T0));
        await api.DeliverAsync(AutherEvent.Create("access.granted", access, T0.AddSeconds(1)));
        await api.DeliverAsync(AutherEvent.Create("access.granted", access with { userId = "user_b" }, T0.AddSeconds(1)));
        (await AdminsOf(org)).ShouldBe([("user", "user_a"), ("user", "user_b")]);
        // Documented access events carry no condition flag: the mirror says "unconditional", not "unknown".
        (await api.QueryAsync(db => db.AuthRelations.Where(r => r.EntityId == org).AnyAsync(r => r.HasCondition))).ShouldBeFalse();

        await api.DeliverAsync(AutherEvent.Create("access.revoked", access, T0.AddSeconds(2)));
        (await AdminsOf(org)).ShouldBe([("user", "user_b")]);
    }

    [Fact]
    public async Task GroupMembership_IsMirroredAsAGroupRelation()
    {
        var group = "grp_" + Guid.NewGuid().ToString("N");

        await api.DeliverAsync(AutherEvent.Create("group.member.added", new { groupId = group, userId = "user_m" }, T0));
        var row = await api.QueryAsync(db => db.AuthRelations.SingleAsync(r => r.EntityType == "group" && r.EntityId == group));
        (row.SubjectType, row.SubjectId, row.Relation, row.HasCondition).ShouldBe(("user", "user_m", "member", false));

        await api.DeliverAsync(AutherEvent.Create("group.member.removed", new { groupId = group, userId = "user_m" }, T0.AddSeconds(1)), WebhookFormat.Native);
        (await api.QueryAsync(db => db.AuthRelations.AnyAsync(r => r.EntityId == group))).ShouldBeFalse();
    }

    [Fact]
    public async Task AGrantOlderThanItsRevoke_ArrivingLate_IsStale_AndANewerReGrantApplies()
    {
        var org = Guid.NewGuid().ToString();
        var tupleId = "tuple_" + Guid.NewGuid().ToString("N");
        var grant = new { tupleId, subjectType = "user", subjectId = "user_late", entityType = "organization", entityId = org, relation = "admin", hasCondition = false };

        // Auther granted at T0 and revoked at T1; the revoke is delivered first.
        (await api.DeliverAsync(AutherEvent.Create("grant.revoked", new { tupleId }, T0.AddSeconds(1)))).ShouldBe("applied");
        (await api.DeliverAsync(AutherEvent.Create("grant.created", grant, T0))).ShouldBe("stale");
        (await api.DeliverAsync(AutherEvent.Create("grant.condition.updated", grant with { hasCondition = true }, T0.AddMilliseconds(500)))).ShouldBe("stale");
        (await AdminsOf(org)).ShouldBeEmpty();

        (await api.DeliverAsync(AutherEvent.Create("grant.created", grant, T0.AddSeconds(2)), WebhookFormat.Native)).ShouldBe("applied");
        (await AdminsOf(org)).ShouldBe([("user", "user_late")]);
    }

    [Fact]
    public async Task LateAccessGranted_AndLateGroupMemberAdded_AfterTheirRevokes_AreStale()
    {
        var org = Guid.NewGuid().ToString();
        var group = "grp_" + Guid.NewGuid().ToString("N");
        var access = new { userId = "user_x", entityType = "organization", entityId = org, relation = "admin" };
        var membership = new { groupId = group, userId = "user_x" };

        await api.DeliverAsync(AutherEvent.Create("access.revoked", access, T0.AddSeconds(1)));
        await api.DeliverAsync(AutherEvent.Create("group.member.removed", membership, T0.AddSeconds(1)));

        (await api.DeliverAsync(AutherEvent.Create("access.granted", access, T0))).ShouldBe("stale");
        (await api.DeliverAsync(AutherEvent.Create("group.member.added", membership, T0))).ShouldBe("stale");
        (await api.QueryAsync(db => db.AuthRelations.AnyAsync(r => r.EntityId == org || r.EntityId == group))).ShouldBeFalse();
    }

    [Fact]
    public async Task AGrantToAUserDeletedAfterIt_IsStale_ButAGrantToAReCreatedAccountApplies()
    {
        var userId = TestData.NewUserId();
        var org = Guid.NewGuid().ToString();
        var access = new { userId, entityType = "organization", entityId = org, relation = "admin" };
        await api.DeliverAsync(AutherEvent.Create("user.deleted", new { id = userId }, T0.AddSeconds(1)));

        (await api.DeliverAsync(AutherEvent.Create("access.granted", access, T0))).ShouldBe("stale");
        (await AdminsOf(org)).ShouldBeEmpty();

        await api.DeliverAsync(AutherEvent.Create("user.created", new { id = userId, email = $"{userId}@example.com" }, T0.AddSeconds(2)));
        (await api.DeliverAsync(AutherEvent.Create("access.granted", access, T0.AddSeconds(3)))).ShouldBe("applied");
        (await AdminsOf(org)).ShouldBe([("user", userId)]);
    }

    [Fact]
    public async Task AGrantWithoutACondition_IsMirroredWithout_WhetherTheFlagIsFalseOrAbsent()
    {
        var withFlag = "tuple_" + Guid.NewGuid().ToString("N");
        var withoutFlag = "tuple_" + Guid.NewGuid().ToString("N");

        await api.DeliverAsync(AutherEvent.Create("grant.created", new
        {
            tupleId = withFlag, subjectType = "user", subjectId = "u1", entityType = "organization", entityId = "o1", relation = "admin", hasCondition = false,
        }, T0));
        await api.DeliverAsync(AutherEvent.Create("grant.created", new
        {
            tupleId = withoutFlag, subjectType = "user", subjectId = "u1", entityType = "organization", entityId = "o2", relation = "admin",
        }, T0));

        (await api.QueryAsync(db => db.AuthRelations.SingleAsync(r => r.TupleId == withFlag))).HasCondition.ShouldBeFalse();
        (await api.QueryAsync(db => db.AuthRelations.SingleAsync(r => r.TupleId == withoutFlag))).HasCondition.ShouldBeFalse();
    }

    [Fact]
    public async Task DerivedTupleIds_AreTheSameFromOneReleaseToTheNext()
    {
        // Rows mirrored by an earlier release are revoked by their key: the id derived from it must not change.
        var org = Guid.NewGuid().ToString();
        var group = "grp_" + Guid.NewGuid().ToString("N");

        await api.DeliverAsync(AutherEvent.Create("access.granted", new { userId = "user_k", entityType = "organization", entityId = org, relation = "admin" }, T0));
        await api.DeliverAsync(AutherEvent.Create("group.member.added", new { groupId = group, userId = "user_k" }, T0));

        (await api.QueryAsync(db => db.AuthRelations.SingleAsync(r => r.EntityId == org))).TupleId
            .ShouldBe("access:" + Sha256Hex($"user_k\u001forganization\u001f{org}\u001fadmin"));
        (await api.QueryAsync(db => db.AuthRelations.SingleAsync(r => r.EntityId == group))).TupleId
            .ShouldBe("group-member:" + Sha256Hex($"{group}\u001fuser_k"));
    }

    private static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private Task<List<(string, string)>> AdminsOf(string org) => api.QueryAsync(async db =>
        (await db.AuthRelations.Where(r => r.EntityType == "organization" && r.EntityId == org && r.Relation == "admin")
            .OrderBy(r => r.SubjectId).Select(r => new { r.SubjectType, r.SubjectId }).ToListAsync())
        .Select(r => (r.SubjectType, r.SubjectId)).ToList());
}
