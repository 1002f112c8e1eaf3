using App.Api.Database;
using App.Api.IdentityProvider;
using App.Api.StorableText;
using App.Data;
using NpgsqlTypes;

namespace App.Api.ShadowUsers;

public sealed partial class ShadowUserStore
{
    /// <summary>
    /// Users as Auther's list-users shows them (a page of the poll, or the lookup of one new user), each true at its
    /// <see cref="AutherUser.ChangedAt"/>, brought onto existing rows in one statement. A row whose state differs
    /// takes Auther's unless it holds a newer one; a row whose role Auther confirms with a later time records that
    /// time, so a token older than the confirmation no longer decides the role. Every listed row is seen in Auther.
    /// Users without a row are left alone. Returns what each changed row went through: <c>ban</c>, <c>unban</c>,
    /// <c>unblock</c> or <c>profile</c>.
    /// </summary>
    public Task<List<string>> ApplyListedAsync(IReadOnlyList<AutherUser> users, CancellationToken cancellationToken) => InTransactionAsync(async () =>
    {
        await MarkSeenInAutherAsync(users.Select(u => u.Id).ToList(), cancellationToken);
        // before reads the rows as they were (every part of one statement sees the same snapshot), so each change is classified.
        await using var command = db.Command($"""
                WITH incoming AS (
                    SELECT * FROM unnest(@ids, @emails, @names, @images, @verified, @roles, @banned, @reasons, @expires, @changed)
                        AS t(id, email, name, image, email_verified, role, banned, ban_reason, ban_expires, changed_at)),
                before AS (
                    SELECT id, banned, missing_since FROM users WHERE id = ANY(@ids)),
                changed AS (
                    UPDATE users AS u
                    SET email = i.email, name = i.name, image = i.image, email_verified = i.email_verified,
                        {Precedence.RoleFromAuther("i.role", "i.changed_at")},
                        banned = i.banned, ban_reason = i.ban_reason, ban_expires = i.ban_expires, missing_since = NULL,
                        updated_at = @now, last_event_at = i.changed_at
                    FROM incoming i JOIN before b ON b.id = i.id
                    WHERE u.id = i.id AND {Precedence.AutherStateApplies("i.changed_at")}
                      AND (u.email IS DISTINCT FROM i.email OR u.name IS DISTINCT FROM i.name OR u.image IS DISTINCT FROM i.image
                           OR u.email_verified <> i.email_verified OR {Precedence.RoleFromAutherIsNews("i.role", "i.changed_at")}
                           OR u.banned <> i.banned OR u.ban_reason IS DISTINCT FROM i.ban_reason
                           OR u.ban_expires IS DISTINCT FROM i.ban_expires OR u.missing_since IS NOT NULL)
                    RETURNING u.id,
                        CASE WHEN i.banned AND NOT b.banned THEN 'ban'
                             WHEN b.banned AND NOT i.banned THEN 'unban'
                             WHEN b.missing_since IS NOT NULL THEN 'unblock'
                             ELSE 'profile' END AS kind)
                SELECT kind, {CacheChannel.UserChangedSql("id")} FROM changed
                """)
            .With("ids", users.Select(u => u.Id).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar)
            .With("emails", users.Select(u => InputText.Clean(u.Email, TextLimits.Email)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar)
            .With("names", users.Select(u => InputText.Clean(u.Name, TextLimits.PersonName)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar)
            .With("images", users.Select(u => InputText.Clean(u.Image, int.MaxValue)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)
            .With("verified", users.Select(u => u.EmailVerified).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean)
            .With("roles", users.Select(u => InputText.Clean(u.Role, TextLimits.Identifier)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar)
            .With("banned", users.Select(u => u.Banned ?? false).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean)
            .With("reasons", users.Select(u => InputText.Clean(u.BanReason, int.MaxValue)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)
            .With("expires", users.Select(u => u.BanExpires).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
            .With("changed", users.Select(u => u.ChangedAt).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz);
        var kinds = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            kinds.Add(reader.GetString(0));
        }

        return kinds;
    }, cancellationToken);

    /// <summary>
    /// Reconciliation found <paramref name="user"/> differing from its row. Its listing began at
    /// <paramref name="listedFrom"/>, so it is newer than any state created before then; a row changed by a newer
    /// event meanwhile is left alone. True when the row changed.
    /// </summary>
    public Task<bool> ApplyReconciledAsync(AutherUser user, DateTimeOffset listedFrom, CancellationToken cancellationToken) => InTransactionAsync(async () =>
    {
        await UserLock.AcquireAsync(db, user.Id, cancellationToken);
        var changed = await db.Command($"""
                UPDATE users AS u SET email = @email, name = @name, image = @image, email_verified = @email_verified,
                    {Precedence.RoleFromAuther("@role", "@listed_from")},
                    banned = @banned, ban_reason = @ban_reason, ban_expires = @ban_expires, updated_at = @now, missing_since = NULL,
                    last_event_at = @listed_from, seen_in_auther_at = COALESCE(u.seen_in_auther_at, @now)
                WHERE u.id = @id AND {Precedence.AutherStateApplies("@listed_from")}
                """)
            .With("id", user.Id, NpgsqlDbType.Varchar)
            .With("email", InputText.Clean(user.Email, TextLimits.Email), NpgsqlDbType.Varchar)
            .With("name", InputText.Clean(user.Name, TextLimits.PersonName), NpgsqlDbType.Varchar)
            .With("image", InputText.Clean(user.Image, int.MaxValue), NpgsqlDbType.Text)
            .With("email_verified", user.EmailVerified, NpgsqlDbType.Boolean)
            .With("role", InputText.Clean(user.Role, TextLimits.Identifier), NpgsqlDbType.Varchar)
            .With("banned", user.Banned ?? false, NpgsqlDbType.Boolean)
            .With("ban_reason", InputText.Clean(user.BanReason, int.MaxValue), NpgsqlDbType.Text)
            .With("ban_expires", user.BanExpires, NpgsqlDbType.TimestampTz)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz)
            .With("listed_from", listedFrom, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken) > 0;
        if (changed)
        {
            await db.NotifyAsync(CacheChannel.UserChanged(user.Id), cancellationToken);
        }

        return changed;
    }, cancellationToken);

    /// <summary>
    /// Auther lists these users (a poll page, a reconciliation listing): rows not seen there before are now, so a later
    /// reconciliation that no longer finds them treats them as removed in Auther. Rows already seen keep their time,
    /// and no instance's cache changes (nothing a request checks). Returns how many rows were marked.
    /// </summary>
    public Task<int> MarkSeenInAutherAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken) => InTransactionAsync(() =>
        db.Command("UPDATE users SET seen_in_auther_at = @now WHERE id = ANY(@ids) AND seen_in_auther_at IS NULL")
            .With("ids", userIds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// Reconciliation confirmed that Auther no longer lists these users: their tokens are refused (401
    /// account_deleted) while their data stays, until Auther lists them again. A row changed by a state newer than
    /// the listing's start is left alone (Auther has the user). Returns the ids it blocked.
    /// </summary>
    public Task<List<string>> BlockMissingAsync(IReadOnlyList<string> userIds, DateTimeOffset listedFrom, CancellationToken cancellationToken) => InTransactionAsync(async () =>
    {
        await using var command = db.Command($"""
                WITH blocked AS (
                    UPDATE users AS u SET missing_since = @now, last_event_at = @listed_from
                    WHERE u.id = ANY(@ids) AND u.missing_since IS NULL AND {Precedence.AutherStateApplies("@listed_from")}
                    RETURNING u.id)
                SELECT id, {CacheChannel.UserChangedSql("id")} FROM blocked
                """)
            .With("ids", userIds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz)
            .With("listed_from", listedFrom, NpgsqlDbType.TimestampTz);
        var blocked = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            blocked.Add(reader.GetString(0));
        }

        return blocked;
    }, cancellationToken);
}
