using App.Api.Database;
using App.Data;
using App.Data.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Api.Webhooks;

/// <summary>
/// Deletes inbox rows older than the retention, in small batches, and the grant revokes remembered as
/// long, on every instance (deleting twice is harmless). Failed rows are kept until Auther's retry or an
/// operator's replay settles them.
/// </summary>
public sealed class WebhookInboxPurger(
    IServiceScopeFactory scopes,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookInboxPurger> logger) : BackgroundService
{
    private const int BatchSize = 5000;

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.CurrentValue.InboxRetention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var total = 0;
        while (true)
        {
            var deleted = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM webhook_events WHERE message_id IN (
                    SELECT message_id FROM webhook_events
                    WHERE received_at < {cutoff} AND status <> {WebhookEventStatus.Failed}
                    LIMIT {BatchSize})
                """, cancellationToken);
            total += deleted;
            if (deleted < BatchSize)
            {
                break;
            }
        }

        // Revokes are remembered only to stop late grants, which no longer verify after the inbox's
        // retention (longer than every delivery window).
        await db.Database.ExecuteSqlAsync($"DELETE FROM auth_relation_revocations WHERE recorded_at < {cutoff}", cancellationToken);
        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var purged = await PurgeAsync(stoppingToken);
                if (purged > 0)
                {
                    logger.LogInformation("Purged {Count} webhook inbox rows older than {Retention}", purged, options.CurrentValue.InboxRetention);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Nothing is lost by a failed round (the rows wait for the next one), so one line says it, without a
                // stack trace: during an outage, DatabaseOutage has already said why, once. EF's own error events for
                // the failed command are at Debug (DatabaseSetup), so this is the only line.
                var cause = DatabaseFaults.UnavailableCause(ex) ?? ex.GetBaseException();
                logger.LogWarning("Purging the webhook inbox failed ({ExceptionType:l}: {Reason:l}); next try in {Interval}",
                    cause.GetType().Name, cause.Message, options.CurrentValue.PurgeInterval);
            }

            try
            {
                await Task.Delay(options.CurrentValue.PurgeInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
