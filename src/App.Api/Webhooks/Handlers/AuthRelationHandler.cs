using App.Api.Database;
using System.Security.Cryptography;
using System.Text;
using App.Data;
using NpgsqlTypes;

namespace App.Api.Webhooks.Handlers;

/// <summary>
/// Keeps the <c>auth_relations</c> mirror (admin queries only; enforcement never reads it). Keys, per
/// docs/decisions.md, Webhooks: <c>grant.*</c> by Auther's <c>tupleId</c> (a re-grant reuses it); <c>access.*</c> by
/// (user, entityType, entityId, relation); <c>group.member.*</c> by (group, user). A revoke deletes the row.
/// Order-safe like the user sync: <c>updated_at</c> holds the newest applied event's timestamp, so an
/// older event does not overwrite it; a revoke leaves an <c>auth_relation_revocations</c> row, so a grant
/// older than the revoke is stale instead of bringing it back; and a grant to a user deleted after the
/// grant's time (tombstoned) is stale too.
/// </summary>
public sealed class AuthRelationHandler(AppDbContext db, TimeProvider time) : IWebhookHandler
{
    public Task<WebhookOutcome> HandleAsync(WebhookContext context, CancellationToken cancellationToken)
    {
        var data = context.Data;
        return context.Envelope.Type switch
        {
            "grant.created" or "grant.condition.updated" => UpsertAsync(context, new RelationTuple(
                EventData.Required(data, "tupleId"),
                EventData.Required(data, "subjectType"),
                EventData.Required(data, "subjectId"),
                EventData.Required(data, "entityType"),
                EventData.Required(data, "entityId"),
                EventData.Required(data, "relation"),
                data.TryGetProperty("hasCondition", out var condition) && EventData.AsBool(condition)), cancellationToken),
            "grant.revoked" => DeleteAsync(context, EventData.Required(data, "tupleId"), cancellationToken),
            "access.granted" => UpsertAsync(context, Access(context), cancellationToken),
            "access.revoked" => DeleteAsync(context, Access(context).TupleId, cancellationToken),
            "group.member.added" => UpsertAsync(context, Membership(context), cancellationToken),
            "group.member.removed" => DeleteAsync(context, Membership(context).TupleId, cancellationToken),
            _ => Task.FromResult(WebhookOutcome.Ignored),
        };
    }

    private static RelationTuple Access(WebhookContext context)
    {
        var userId = EventData.Required(context.Data, "userId");
        var entityType = EventData.Required(context.Data, "entityType");
        var entityId = EventData.Required(context.Data, "entityId");
        var relation = EventData.Required(context.Data, "relation");
        return new RelationTuple(DerivedId("access", userId, entityType, entityId, relation), "user", userId, entityType, entityId, relation, false);
    }

    private static RelationTuple Membership(WebhookContext context)
    {
        var groupId = EventData.Required(context.Data, "groupId");
        var userId = EventData.Required(context.Data, "userId");
        return new RelationTuple(DerivedId("group-member", groupId, userId), "user", userId, "group", groupId, "member", false);
    }

    /// <summary>Documented events carry no tuple id: derive a stable one from the key (hashed, so long ids still fit).</summary>
    private static string DerivedId(string kind, params string[] key) =>
        $"{kind}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', key))))}";

    private async Task<WebhookOutcome> UpsertAsync(WebhookContext context, RelationTuple r, CancellationToken cancellationToken)
    {
        var changed = await db.Command("""
                INSERT INTO auth_relations AS r (tuple_id, subject_type, subject_id, entity_type, entity_id, relation, has_condition, updated_at)
                SELECT @tuple_id, @subject_type, @subject_id, @entity_type, @entity_id, @relation, @has_condition, @event_at
                WHERE NOT EXISTS (SELECT 1 FROM auth_relation_revocations v WHERE v.tuple_id = @tuple_id AND v.revoked_at > @event_at)
                  AND NOT (@subject_type = 'user' AND EXISTS (
                      SELECT 1 FROM user_tombstones t WHERE t.user_id = @subject_id AND COALESCE(t.event_at, t.deleted_at) >= @event_at))
                ON CONFLICT (tuple_id) DO UPDATE SET subject_type = excluded.subject_type, subject_id = excluded.subject_id,
                    entity_type = excluded.entity_type, entity_id = excluded.entity_id, relation = excluded.relation,
                    has_condition = excluded.has_condition, updated_at = excluded.updated_at
                WHERE r.updated_at <= excluded.updated_at
                """)
            .With("tuple_id", r.TupleId, NpgsqlDbType.Varchar)
            .With("subject_type", r.SubjectType, NpgsqlDbType.Varchar)
            .With("subject_id", r.SubjectId, NpgsqlDbType.Varchar)
            .With("entity_type", r.EntityType, NpgsqlDbType.Varchar)
            .With("entity_id", r.EntityId, NpgsqlDbType.Varchar)
            .With("relation", r.Relation, NpgsqlDbType.Varchar)
            .With("has_condition", r.HasCondition, NpgsqlDbType.Boolean)
            .With("event_at", context.OccurredAt, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken);
        return changed == 1 ? WebhookOutcome.Applied : WebhookOutcome.Stale;
    }

    private async Task<WebhookOutcome> DeleteAsync(WebhookContext context, string tupleId, CancellationToken cancellationToken)
    {
        // Deleted, or already absent: applied either way. Kept only when it holds a newer grant. The revoke
        // is remembered either way, so that an older grant arriving later stays out.
        var newer = await db.Command("""
                WITH gone AS (DELETE FROM auth_relations WHERE tuple_id = @tuple_id AND updated_at <= @event_at RETURNING 1),
                remembered AS (
                    INSERT INTO auth_relation_revocations AS v (tuple_id, revoked_at, recorded_at) VALUES (@tuple_id, @event_at, @now)
                    ON CONFLICT (tuple_id) DO UPDATE SET revoked_at = GREATEST(v.revoked_at, excluded.revoked_at), recorded_at = excluded.recorded_at)
                SELECT EXISTS (SELECT 1 FROM auth_relations WHERE tuple_id = @tuple_id) AND NOT EXISTS (SELECT 1 FROM gone)
                """)
            .With("tuple_id", tupleId, NpgsqlDbType.Varchar)
            .With("event_at", context.OccurredAt, NpgsqlDbType.TimestampTz)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz)
            .ScalarAsync<bool>(cancellationToken);
        return newer ? WebhookOutcome.Stale : WebhookOutcome.Applied;
    }

    private sealed record RelationTuple(string TupleId, string SubjectType, string SubjectId, string EntityType, string EntityId, string Relation, bool HasCondition);
}
