using App.Api.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace App.Api.ShadowUsers;

/// <summary>
/// Keeps this instance's identity caches in step with every other instance: LISTEN on the app_cache
/// channel, evict a user on <c>user:&lt;id&gt;</c>, add a deny-list entry on <c>jti:&lt;exp&gt;:&lt;jti&gt;</c>.
/// Notifications sent while disconnected are lost, so each (re)connection empties the user cache and
/// re-reads the deny-list; while disconnected, <see cref="ShadowUserCache"/> serves only very fresh entries.
/// </summary>
public sealed class CacheInvalidationListener(
    IOptions<DatabaseOptions> database,
    ShadowUserCache users,
    RevocationList revocations,
    ILogger<CacheInvalidationListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                users.Synchronised = false;
                logger.LogWarning("Cache invalidation listener disconnected ({Error}); retrying in {Delay}", ex.Message, delay);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
                continue;
            }

            delay = TimeSpan.FromSeconds(1);
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        // LISTEN needs a session of its own: a transaction-mode pooler would hand it back after the statement.
        var connectionString = new NpgsqlConnectionStringBuilder(database.Value.Direct)
        {
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = "app-cache-listener",
        }.ConnectionString;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(stoppingToken);
        connection.Notification += (_, e) => Apply(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {CacheChannel.Name}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Listening from here on: drop what may have changed unseen, then trust notifications.
        users.Clear();
        await revocations.ReloadAsync();
        users.Synchronised = true;
        logger.LogInformation("Listening for cache invalidations on {Channel}", CacheChannel.Name);

        var lastPurge = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken);
            if (DateTime.UtcNow - lastPurge > TimeSpan.FromMinutes(5))
            {
                revocations.PurgeExpired();
                lastPurge = DateTime.UtcNow;
            }
        }
    }

    private void Apply(string payload)
    {
        if (CacheChannel.TryParseUserChanged(payload, out var userId))
        {
            users.Evict(userId);
        }
        else if (CacheChannel.TryParseTokenRevoked(payload, out var jti, out var expiresAt))
        {
            revocations.Add(jti, expiresAt);
        }
    }
}
