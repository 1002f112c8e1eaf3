using System.Threading.Channels;
using App.Api.Auth;
using Microsoft.Extensions.Options;

namespace App.Api.ShadowUsers;

/// <summary>
/// The throttled writes of the warm path, off the request: <c>last_seen_at</c>, and profile changes seen (role
/// included) in a token not older than the row's last change (<see cref="Precedence"/>, rule 2: the store decides).
/// At most one write per user per <see cref="AuthOptions.ShadowRefreshInterval"/>, never one per request.
/// </summary>
public sealed class ShadowUserRefresher(
    IServiceScopeFactory scopes,
    ShadowUserCache cache,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<ShadowUserRefresher> logger) : BackgroundService
{
    // Stryker disable once Initializer,Boolean: only TryWrite writes, which never waits: on a full channel Wait mode refuses the
    // write as DropWrite drops it (only TryWrite's ignored result differs); SingleReader is a hint bounded channels do not use.
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

        var tokenRole = principal.Method == AuthMethod.Jwt && principal.Roles.Count > 0 ? string.Join(',', principal.Roles) : null;
        var profileChanged = principal.Method != AuthMethod.Legacy && principal.IssuedAt is not null &&
            ((principal.Email is not null && principal.Email != user.Email) ||
             (principal.Name is not null && principal.Name != user.Name) ||
             (tokenRole is not null && tokenRole != user.Role) ||
             principal.EmailVerified != user.EmailVerified);

        // Mark the cached copy first so concurrent requests of this user do not queue the same write.
        cache.Update(user, user with { LastSeenAt = now });
        _queue.Writer.TryWrite(new Refresh(user.Id, now, profileChanged ? principal : null));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var refresh in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var store = scope.ServiceProvider.GetRequiredService<ShadowUserStore>();
                if (refresh.Token is { } token)
                {
                    await store.ApplyTokenAsync(token, refresh.SeenAt, stoppingToken);
                }
                else
                {
                    await store.TouchAsync(refresh.UserId, refresh.SeenAt, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Refreshing shadow user {UserId} failed", refresh.UserId);
            }
        }
    }

    private sealed record Refresh(string UserId, DateTimeOffset SeenAt, Principal? Token);
}
