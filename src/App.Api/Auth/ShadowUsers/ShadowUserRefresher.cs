using System.Threading.Channels;
using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Api.Auth.ShadowUsers;

/// <summary>
/// The throttled writes of the warm path, off the request: <c>last_seen_at</c>, and profile changes seen
/// (role included) in a newer token than the row (webhooks stay authoritative: a row updated by a newer event is left
/// alone). At most one write per user per <see cref="AuthOptions.ShadowRefreshInterval"/>, never one per request.
/// </summary>
public sealed class ShadowUserRefresher(
    IServiceScopeFactory scopes,
    ShadowUserCache cache,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<ShadowUserRefresher> logger) : BackgroundService
{
    private readonly Channel<Refresh> _queue = Channel.CreateBounded<Refresh>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Called on every authenticated request; does nothing unless this user is due.</summary>
    public void Observe(ShadowUser user, Principal principal)
    {
        var now = time.GetUtcNow();
        if (user.LastSeenAt is { } seen && now - seen < options.Value.ShadowRefreshInterval)
        {
            return;
        }

        // iat has whole seconds: a token signed in the same second as the row's last change counts as newer
        // (a user.created without a role, then the admin's first token a moment later, must end with the admin role).
        var tokenRole = principal.Method == AuthMethod.Jwt && principal.Roles.Count > 0 ? string.Join(',', principal.Roles) : null;
        var profileChanged = principal.Method != AuthMethod.Legacy && principal.IssuedAt is { } issued && issued >= WholeSeconds(user.UpdatedAt) &&
            ((principal.Email is not null && principal.Email != user.Email) ||
             (principal.Name is not null && principal.Name != user.Name) ||
             (tokenRole is not null && tokenRole != user.Role) ||
             principal.EmailVerified != user.EmailVerified);

        // Mark the cached copy first so concurrent requests of this user do not queue the same write.
        cache.Update(user, user with { LastSeenAt = now });
        _queue.Writer.TryWrite(new Refresh(user.Id, now, profileChanged ? principal : null, tokenRole));
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var refresh in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await ApplyAsync(refresh, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Refreshing shadow user {UserId} failed", refresh.UserId);
            }
        }
    }

    private async Task ApplyAsync(Refresh refresh, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (refresh.Profile is not { } p)
        {
            await db.Database.ExecuteSqlAsync(
                $"UPDATE users SET last_seen_at = {refresh.SeenAt} WHERE id = {refresh.UserId}", cancellationToken);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.Database.ExecuteSqlAsync($"""
            UPDATE users
            SET email = COALESCE({p.Email}, email), name = COALESCE({p.Name}, name), email_verified = {p.EmailVerified},
                role = COALESCE({refresh.Role}, role), updated_at = {refresh.SeenAt}, last_seen_at = {refresh.SeenAt}
            WHERE id = {refresh.UserId} AND date_trunc('second', updated_at) <= {p.IssuedAt}
              AND (last_event_at IS NULL OR date_trunc('second', last_event_at) <= {p.IssuedAt})
            """, cancellationToken);
        if (updated == 0)
        {
            await db.Database.ExecuteSqlAsync(
                $"UPDATE users SET last_seen_at = {refresh.SeenAt} WHERE id = {refresh.UserId}", cancellationToken);
        }
        else
        {
            await db.NotifyAsync(CacheChannel.UserChanged(refresh.UserId), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private sealed record Refresh(string UserId, DateTimeOffset SeenAt, Principal? Profile, string? Role);
}
