using App.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Web.Sessions;

/// <summary>Deletes expired session rows every hour; any instance may do it (the delete is idempotent).</summary>
public sealed class ExpiredSessionPurge(IDbContextFactory<WebDbContext> dbs, TimeProvider time, ILogger<ExpiredSessionPurge> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var db = await dbs.CreateDbContextAsync(stoppingToken);
                var now = time.GetUtcNow();
                var deleted = await db.Sessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(stoppingToken);
                logger.LogDebug("Purged {Count} expired session(s)", deleted);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Purging expired sessions failed, retrying in an hour: {Error}", ex.Message);
            }
        }
    }
}
