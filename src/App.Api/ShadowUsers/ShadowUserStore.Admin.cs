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
    /// marked banned at once (created from Auther's answer if the user never reached this app), true at the moment
    /// of the answer, so a webhook created before it and delivered late cannot undo it.
    /// </summary>
    public Task MarkDeactivatedAsync(AutherUser user, string? reason, DateTimeOffset? until, CancellationToken cancellationToken) =>
        MarkBanAsync(user, banned: true, reason, until, cancellationToken);

    /// <summary>An administrator here reactivated <paramref name="user"/> and Auther lifted the ban: as <see cref="MarkDeactivatedAsync"/>.</summary>
    public Task MarkReactivatedAsync(AutherUser user, CancellationToken cancellationToken) =>
        MarkBanAsync(user, banned: false, null, null, cancellationToken);

    private Task MarkBanAsync(AutherUser user, bool banned, string? reason, DateTimeOffset? until, CancellationToken cancellationToken) => InTransactionAsync(async () =>
    {
        var now = time.GetUtcNow();
        var role = InputText.Clean(user.Role, TextLimits.Identifier);
        await db.Command($"""
                INSERT INTO users AS u (id, email, name, image, email_verified, role, role_set_at, banned, ban_reason, ban_expires,
                                        created_at, updated_at, last_event_at)
                VALUES (@id, @email, @name, @image, @email_verified, @role, @role_set_at, @banned, @ban_reason, @ban_expires, @now, @now, @now)
                ON CONFLICT (id) DO UPDATE
                SET banned = excluded.banned, ban_reason = excluded.ban_reason, ban_expires = excluded.ban_expires,
                    updated_at = excluded.updated_at, last_event_at = excluded.last_event_at
                WHERE {Precedence.AutherStateApplies("excluded.last_event_at")}
                """)
            .With("id", user.Id, NpgsqlDbType.Varchar)
            .With("email", InputText.Clean(user.Email, TextLimits.Email), NpgsqlDbType.Varchar)
            .With("name", InputText.Clean(user.Name, TextLimits.PersonName), NpgsqlDbType.Varchar)
            .With("image", InputText.Clean(user.Image, int.MaxValue), NpgsqlDbType.Text)
            .With("email_verified", user.EmailVerified, NpgsqlDbType.Boolean)
            .With("role", role, NpgsqlDbType.Varchar)
            .With("role_set_at", role is null ? null : now, NpgsqlDbType.TimestampTz)
            .With("banned", banned, NpgsqlDbType.Boolean)
            .With("ban_reason", reason, NpgsqlDbType.Text)
            .With("ban_expires", until, NpgsqlDbType.TimestampTz)
            .With("now", now, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken);
        await db.NotifyAsync(CacheChannel.UserChanged(user.Id), cancellationToken);
    }, cancellationToken);
}
