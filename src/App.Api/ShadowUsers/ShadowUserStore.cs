using App.Api.Auth;
using App.Api.Database;
using App.Api.StorableText;
using App.Data;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace App.Api.ShadowUsers;

/// <summary>
/// The only code that writes the <c>users</c> table and the deny-list rows. Callers say what happened (a token was
/// seen, Auther sent an event, the poll or reconciliation listed a user, an admin deactivated someone); the store
/// decides what changes by the one rule in <see cref="Precedence"/> and announces every change on the
/// <see cref="CacheChannel"/> in the same transaction. Each operation runs in the caller's transaction when there
/// is one (so an audit row commits with the change), else in its own.
/// </summary>
public sealed partial class ShadowUserStore(AppDbContext db, IOptions<DatabaseOptions> database, TimeProvider time, ILogger<ShadowUserStore> logger)
{
    /// <summary>The role Auther gives a user created without one.</summary>
    public const string DefaultRole = "user";

    /// <summary>
    /// Just in time: the row of a token's user, from the token's profile, unless it exists or the user was deleted
    /// (tombstone). <c>ON CONFLICT DO NOTHING</c>: instances racing for one user end with one row and no error.
    /// A row provisioned from an Auther token is seen in Auther; one from a legacy session is not (the user may not
    /// be imported yet). True when this call created the row.
    /// </summary>
    public Task<bool> ProvisionAsync(Principal token, CancellationToken cancellationToken) => InTransactionAsync(async () =>
    {
        var now = time.GetUtcNow();
        return await db.Command("""
                INSERT INTO users (id, email, name, email_verified, role, role_set_at, banned, created_at, updated_at, seen_in_auther_at)
                SELECT @id, @email, @name, @email_verified, @role, @role_set_at, false, @now, @now, @seen_in_auther_at
                WHERE NOT EXISTS (SELECT 1 FROM user_tombstones WHERE user_id = @id)
                ON CONFLICT (id) DO NOTHING
                """)
            .With("id", token.UserId, NpgsqlDbType.Varchar)
            .With("email", token.Email, NpgsqlDbType.Varchar)
            .With("name", token.Name, NpgsqlDbType.Varchar)
            .With("email_verified", token.EmailVerified, NpgsqlDbType.Boolean)
            .With("role", RoleOf(token) ?? DefaultRole, NpgsqlDbType.Varchar)
            // The token's role is Auther's at the token's iat; a default is nobody's statement.
            .With("role_set_at", RoleOf(token) is null ? null : token.IssuedAt, NpgsqlDbType.TimestampTz)
            .With("now", now, NpgsqlDbType.TimestampTz)
            .With("seen_in_auther_at", token.Method == AuthMethod.Legacy ? null : now, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken) == 1;
    }, cancellationToken);

    /// <summary>The user made a request at <paramref name="seenAt"/>.</summary>
    public Task TouchAsync(string userId, DateTimeOffset seenAt, CancellationToken cancellationToken) => InTransactionAsync(() =>
        db.Command("UPDATE users SET last_seen_at = @seen WHERE id = @id")
            .With("id", userId, NpgsqlDbType.Varchar)
            .With("seen", seenAt, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// A token with a profile (and role) other than the row's was seen at <paramref name="seenAt"/>: it updates the
    /// row when it is not older than the row's last change (<see cref="Precedence.TokenApplies"/>); either way the
    /// user was seen. True when the row changed.
    /// </summary>
    public Task<bool> ApplyTokenAsync(Principal token, DateTimeOffset seenAt, CancellationToken cancellationToken) => InTransactionAsync(async () =>
    {
        var updated = await db.Command($"""
                UPDATE users AS u
                SET email = COALESCE(@email, u.email), name = COALESCE(@name, u.name), email_verified = @email_verified,
                    {Precedence.RoleFromToken("@role", "@issued_at")}, updated_at = @seen, last_seen_at = @seen
                WHERE u.id = @id AND {Precedence.TokenApplies("@issued_at")}
                """)
            .With("id", token.UserId, NpgsqlDbType.Varchar)
            .With("email", token.Email, NpgsqlDbType.Varchar)
            .With("name", token.Name, NpgsqlDbType.Varchar)
            .With("email_verified", token.EmailVerified, NpgsqlDbType.Boolean)
            .With("role", token.Method == AuthMethod.Jwt ? RoleOf(token) : null, NpgsqlDbType.Varchar)
            .With("issued_at", token.IssuedAt, NpgsqlDbType.TimestampTz)
            .With("seen", seenAt, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken) == 1;
        if (updated)
        {
            await db.NotifyAsync(CacheChannel.UserChanged(token.UserId), cancellationToken);
        }
        else
        {
            await TouchAsync(token.UserId, seenAt, cancellationToken);
        }

        return updated;
    }, cancellationToken);

    /// <summary>
    /// Every token of <paramref name="userId"/> issued before <paramref name="before"/> is refused. The cut-off only
    /// moves forward; a user who has not reached this app yet gets a minimal row, so it holds when they do.
    /// </summary>
    public Task RevokeTokensIssuedBeforeAsync(string userId, DateTimeOffset before, CancellationToken cancellationToken) => InTransactionAsync(async () =>
    {
        var now = time.GetUtcNow();
        await db.Command("""
                INSERT INTO users AS u (id, email_verified, banned, created_at, updated_at, tokens_revoked_before)
                VALUES (@id, false, false, @now, @now, @before)
                ON CONFLICT (id) DO UPDATE SET tokens_revoked_before = GREATEST(u.tokens_revoked_before, excluded.tokens_revoked_before)
                """)
            .With("id", userId, NpgsqlDbType.Varchar)
            .With("now", now, NpgsqlDbType.TimestampTz)
            .With("before", before, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken);
        await db.NotifyAsync(CacheChannel.UserChanged(userId), cancellationToken);
        return true;
    }, cancellationToken);

    /// <summary>
    /// One token joins the deny-list until <paramref name="expiresAt"/>; revoked again with an earlier time, the later
    /// one stands. Returns the time that stands, which is also what every instance hears.
    /// </summary>
    public Task<DateTimeOffset> RevokeTokenAsync(string jti, string? userId, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            var stands = await db.Command("""
                    INSERT INTO revoked_tokens AS t (jti, user_id, expires_at, revoked_at) VALUES (@jti, @user_id, @expires_at, @now)
                    ON CONFLICT (jti) DO UPDATE SET expires_at = GREATEST(t.expires_at, excluded.expires_at)
                    RETURNING t.expires_at
                    """)
                .With("jti", jti, NpgsqlDbType.Varchar)
                .With("user_id", userId, NpgsqlDbType.Varchar)
                .With("expires_at", expiresAt, NpgsqlDbType.TimestampTz)
                .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz)
                .ScalarAsync<DateTime>(cancellationToken);
            var standsAt = new DateTimeOffset(DateTime.SpecifyKind(stands, DateTimeKind.Utc));
            await db.NotifyAsync(CacheChannel.TokenRevoked(jti, standsAt), cancellationToken);
            return standsAt;
        }, cancellationToken);

    /// <summary>A token's roles as the column holds them; null for a token without one.</summary>
    private static string? RoleOf(Principal token) =>
        token.Roles.Count == 0 ? null : InputText.Clean(string.Join(',', token.Roles), TextLimits.Identifier);

    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task InTransactionAsync(Func<Task> work, CancellationToken cancellationToken) =>
        await InTransactionAsync(async () =>
        {
            await work();
            return true;
        }, cancellationToken);
}
