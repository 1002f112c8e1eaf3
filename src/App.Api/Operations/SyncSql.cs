namespace App.Api.Operations;

/// <summary>The poll's two statements, kept apart from the paging logic.</summary>
internal static class SyncSql
{
    /// <summary>
    /// <c>before</c> reads the rows as they were (every part of one statement sees the same snapshot), so each change
    /// is classified. A row held by a newer event (<c>last_event_at</c> after the user's <c>updatedAt</c>) is left
    /// alone; a role Auther does not send is kept. Returns one row per changed user, after announcing it.
    /// </summary>
    public const string ApplyPage = """
        WITH incoming AS (
            SELECT * FROM unnest(@ids, @emails, @names, @images, @verified, @roles, @banned, @reasons, @expires, @changed)
                AS t(id, email, name, image, email_verified, role, banned, ban_reason, ban_expires, changed_at)),
        before AS (
            SELECT u.id, u.banned, u.missing_since FROM users u WHERE u.id = ANY(@ids)),
        changed AS (
            UPDATE users u
            SET email = i.email, name = i.name, image = i.image, email_verified = i.email_verified, role = COALESCE(i.role, u.role),
                banned = i.banned, ban_reason = i.ban_reason, ban_expires = i.ban_expires, missing_since = NULL,
                updated_at = @now, last_event_at = GREATEST(COALESCE(u.last_event_at, i.changed_at), i.changed_at)
            FROM incoming i JOIN before b ON b.id = i.id
            WHERE u.id = i.id
              AND (u.last_event_at IS NULL OR u.last_event_at <= i.changed_at)
              AND (u.email IS DISTINCT FROM i.email OR u.name IS DISTINCT FROM i.name OR u.image IS DISTINCT FROM i.image
                   OR u.email_verified <> i.email_verified OR (i.role IS NOT NULL AND u.role IS DISTINCT FROM i.role)
                   OR u.banned <> i.banned OR u.ban_reason IS DISTINCT FROM i.ban_reason
                   OR u.ban_expires IS DISTINCT FROM i.ban_expires OR u.missing_since IS NOT NULL)
            RETURNING u.id,
                CASE WHEN i.banned AND NOT b.banned THEN 'ban'
                     WHEN b.banned AND NOT i.banned THEN 'unban'
                     WHEN b.missing_since IS NOT NULL THEN 'unblock'
                     ELSE 'profile' END AS kind)
        SELECT kind, pg_notify(@channel, 'user:' || id) FROM changed
        """;

    /// <summary>Only forward: two polls racing (the CLI beside the background job) never move it back.</summary>
    public const string Advance = """
        INSERT INTO sync_watermarks AS w (name, watermark, advanced_at) VALUES (@name, @watermark, @now)
        ON CONFLICT (name) DO UPDATE SET watermark = excluded.watermark, advanced_at = excluded.advanced_at
        WHERE w.watermark < excluded.watermark
        """;
}
