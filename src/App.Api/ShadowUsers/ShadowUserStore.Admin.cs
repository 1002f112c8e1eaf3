using App.Api.Database;
using App.Api.IdentityProvider;
using App.Api.StorableText;
using App.Data;
using NpgsqlTypes;

namespace App.Api.ShadowUsers;

public sealed partial class ShadowUserStore
{
    /// <summary>
    /// An administrator here deactivated <paramref name="user"/> and Auther answered with the user banned: the row is
    /// marked banned at once (created if the user never reached this app), true at the moment of the answer, so a
    /// webhook created before it and delivered late cannot undo it. Auther has banned the user by now, so the ban here
    /// must hold whatever the rest of the answer holds: see <see cref="MarkBanAsync"/>.
    /// </summary>
    public Task MarkDeactivatedAsync(AutherUser user, string? reason, DateTimeOffset? until, CancellationToken cancellationToken) =>
        MarkBanAsync(user, banned: true, reason, until, cancellationToken);

    /// <summary>An administrator here reactivated <paramref name="user"/> and Auther lifted the ban: as <see cref="MarkDeactivatedAsync"/>.</summary>
    public Task MarkReactivatedAsync(AutherUser user, CancellationToken cancellationToken) =>
        MarkBanAsync(user, banned: false, null, null, cancellationToken);

    /// <summary>
    /// Two statements. The ban first, on its own: it holds no text of Auther's but the (cleaned) reason, so nothing
    /// in the profile can stop it. Then the profile of Auther's answer, cleaned as the poll cleans it (NUL removed,
    /// cut to the columns' lengths), behind a savepoint: a profile that still cannot be stored is logged and left
    /// to the poll, and never undoes the ban.
    /// </summary>
    private Task MarkBanAsync(AutherUser user, bool banned, string? reason, DateTimeOffset? until, CancellationToken cancellationToken) => InTransactionAsync(async () =>
    {
        var now = time.GetUtcNow();
        var role = InputText.Clean(user.Role, TextLimits.Identifier);
        await db.Command($"""
                INSERT INTO users AS u (id, email_verified, role, role_set_at, banned, ban_reason, ban_expires, created_at, updated_at, last_event_at,
                                        seen_in_auther_at)
                VALUES (@id, false, @role, @role_set_at, @banned, @ban_reason, @ban_expires, @now, @now, @now, @now)
                ON CONFLICT (id) DO UPDATE
                SET banned = excluded.banned, ban_reason = excluded.ban_reason, ban_expires = excluded.ban_expires,
                    updated_at = excluded.updated_at, last_event_at = excluded.last_event_at,
                    seen_in_auther_at = COALESCE(u.seen_in_auther_at, excluded.seen_in_auther_at)
                WHERE {Precedence.AutherStateApplies("excluded.last_event_at")}
                """)
            .With("id", user.Id, NpgsqlDbType.Varchar)
            .With("role", role, NpgsqlDbType.Varchar)
            .With("role_set_at", role is null ? null : now, NpgsqlDbType.TimestampTz)
            .With("banned", banned, NpgsqlDbType.Boolean)
            .With("ban_reason", InputText.Clean(reason, int.MaxValue), NpgsqlDbType.Text)
            .With("ban_expires", until, NpgsqlDbType.TimestampTz)
            .With("now", now, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken);
        await ApplyBanProfileAsync(user, now, cancellationToken);
        await db.NotifyAsync(CacheChannel.UserChanged(user.Id), cancellationToken);
    }, cancellationToken);

    /// <summary>The profile of Auther's answer to a ban or unban made at <paramref name="answeredAt"/>, unless the row holds a newer state.</summary>
    private async Task ApplyBanProfileAsync(AutherUser user, DateTimeOffset answeredAt, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction!;
        await transaction.CreateSavepointAsync(BanProfileSavepoint, cancellationToken);
        try
        {
            await db.Command($"""
                    UPDATE users AS u SET email = @email, name = @name, image = @image, email_verified = @email_verified
                    WHERE u.id = @id AND {Precedence.AutherStateApplies("@answered_at")}
                    """)
                .With("id", user.Id, NpgsqlDbType.Varchar)
                .With("email", InputText.Clean(user.Email, TextLimits.Email), NpgsqlDbType.Varchar)
                .With("name", InputText.Clean(user.Name, TextLimits.PersonName), NpgsqlDbType.Varchar)
                .With("image", InputText.Clean(user.Image, int.MaxValue), NpgsqlDbType.Text)
                .With("email_verified", user.EmailVerified, NpgsqlDbType.Boolean)
                .With("answered_at", answeredAt, NpgsqlDbType.TimestampTz)
                .RunAsync(cancellationToken);
            // Stryker disable once Statement: the commit that follows releases the savepoint anyway; releasing it here only
            // frees it a statement earlier.
            await transaction.ReleaseSavepointAsync(BanProfileSavepoint, cancellationToken);
        }
        catch (Exception ex) when (DatabaseFaults.IsUnstorableValue(ex))
        {
            await transaction.RollbackToSavepointAsync(BanProfileSavepoint, cancellationToken);
            logger.LogWarning("Auther's profile of user {UserId} in its ban answer cannot be stored ({Error}); the ban holds, the poll brings the profile",
                user.Id, DatabaseFaults.UnstorableCause(ex)!.Message);
        }
    }

    private const string BanProfileSavepoint = "ban_profile";
}
