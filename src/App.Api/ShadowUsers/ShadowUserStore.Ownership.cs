using System.Text.Json;
using App.Api.Database;
using App.Data.Organizations;
using NpgsqlTypes;

namespace App.Api.ShadowUsers;

public sealed partial class ShadowUserStore
{
    /// <summary>The actor of the audit rows a deletion writes about organizations: nobody here decided it.</summary>
    public const string DeletionActorId = "system:user-deletion";

    /// <summary>
    /// Part of <see cref="DeleteAsync"/>, before the user's memberships go with their row: an organization whose only
    /// owner this user is would be left with nobody able to grant the owner role again. Its longest-standing admin
    /// (earliest membership) becomes the owner, else its longest-standing member (<c>organization.owner_handed_over</c>);
    /// with nobody left the organization and its data are kept, archived in effect (<c>organization.abandoned</c>).
    /// Each organization is locked as the membership endpoints lock it, so a concurrent promotion or removal cannot
    /// interleave. Organizations with another owner are left alone.
    /// </summary>
    private async Task HandOverSoleOwnershipsAsync(string userId, CancellationToken cancellationToken)
    {
        var owned = new List<Guid>();
        await using (var command = db.Command("""
                SELECT o.id FROM organizations o
                WHERE EXISTS (SELECT 1 FROM members m WHERE m.organization_id = o.id AND m.user_id = @id AND m.role = @owner)
                ORDER BY o.id
                FOR UPDATE OF o
                """)
            .With("id", userId, NpgsqlDbType.Varchar)
            .With("owner", MemberRoles.Owner, NpgsqlDbType.Varchar))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                owned.Add(reader.GetGuid(0));
            }
        }

        foreach (var organizationId in owned)
        {
            await HandOverAsync(organizationId, userId, cancellationToken);
        }
    }

    private async Task HandOverAsync(Guid organizationId, string userId, CancellationToken cancellationToken)
    {
        // The successor, unless another owner remains: admins first, then by membership age (id breaks a tie).
        string? successor = null;
        string? successorRole = null;
        await using (var command = db.Command("""
                SELECT m.user_id, m.role FROM members m
                WHERE m.organization_id = @organization AND m.user_id <> @id
                  AND NOT EXISTS (SELECT 1 FROM members o WHERE o.organization_id = @organization AND o.user_id <> @id AND o.role = @owner)
                ORDER BY m.role = @admin DESC, m.created_at, m.id
                LIMIT 1
                """)
            .With("organization", organizationId, NpgsqlDbType.Uuid)
            .With("id", userId, NpgsqlDbType.Varchar)
            .With("owner", MemberRoles.Owner, NpgsqlDbType.Varchar)
            .With("admin", MemberRoles.Admin, NpgsqlDbType.Varchar))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (successor, successorRole) = (reader.GetString(0), reader.GetString(1));
            }
        }

        if (successor is not null)
        {
            await db.Command("UPDATE members SET role = @owner WHERE organization_id = @organization AND user_id = @successor")
                .With("organization", organizationId, NpgsqlDbType.Uuid)
                .With("successor", successor, NpgsqlDbType.Varchar)
                .With("owner", MemberRoles.Owner, NpgsqlDbType.Varchar)
                .RunAsync(cancellationToken);
            await RecordOrganizationAuditAsync(organizationId, "organization.owner_handed_over",
                new { from = userId, to = successor, previousRole = successorRole }, cancellationToken);
            // Stryker disable once Statement: without it the check below finds the successor, a member other than the user,
            // so it records nothing either.
            return;
        }

        var othersRemain = await db.Command("SELECT EXISTS (SELECT 1 FROM members WHERE organization_id = @organization AND user_id <> @id)")
            .With("organization", organizationId, NpgsqlDbType.Uuid)
            .With("id", userId, NpgsqlDbType.Varchar)
            .ScalarAsync<bool>(cancellationToken);
        if (!othersRemain)
        {
            await RecordOrganizationAuditAsync(organizationId, "organization.abandoned", new { lastOwner = userId }, cancellationToken);
        }
    }

    private Task<int> RecordOrganizationAuditAsync(Guid organizationId, string action, object details, CancellationToken cancellationToken) =>
        db.Command("""
                INSERT INTO audit_logs (actor_id, actor_name, action, subject, details, created_at)
                VALUES (@actor, 'User deletion', @action, @subject, @details, @now)
                """)
            .With("actor", DeletionActorId, NpgsqlDbType.Varchar)
            .With("action", action, NpgsqlDbType.Varchar)
            .With("subject", $"organization:{organizationId}", NpgsqlDbType.Varchar)
            .With("details", JsonSerializer.Serialize(details, JsonSerializerOptions.Web), NpgsqlDbType.Jsonb)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken);
}
