using Npgsql;

namespace App.Web.Sessions;

/// <summary>
/// Keeps this instance's <see cref="SessionCache"/> in step with every other instance: LISTEN on
/// <see cref="SessionChannel.Name"/> and evict the session each notification names. Notifications sent while
/// disconnected are lost, so the cache is off (every request reads its row) until the listener is back, and each
/// (re)connection starts with an empty cache.
/// </summary>
public sealed class SessionInvalidationListener(IConfiguration configuration, SessionCache cache, ILogger<SessionInvalidationListener> logger)
    : BackgroundService
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
                cache.Synchronised = false;
                logger.LogWarning("Session invalidation listener disconnected ({Error}); sessions are read from the database until it is back, retrying in {Delay}",
                    ex.Message, delay);
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
        // LISTEN needs a session of its own, straight to PostgreSQL: a transaction-mode pooler would hand the
        // connection to someone else after the statement (ConnectionStrings:Direct names PostgreSQL itself).
        var connectionString = new NpgsqlConnectionStringBuilder(
            configuration.GetConnectionString("Direct") ?? configuration.GetConnectionString("Default"))
        {
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = "web-session-listener",
        }.ConnectionString;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(stoppingToken);
        connection.Notification += (_, e) => cache.Evict(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {SessionChannel.Name}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Listening from here on: what was cached before may have changed unseen (the setter empties the cache).
        cache.Synchronised = true;
        logger.LogInformation("Listening for session sign-outs on {Channel}", SessionChannel.Name);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await connection.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken);
            }
        }
        finally
        {
            cache.Synchronised = false;
        }
    }
}
