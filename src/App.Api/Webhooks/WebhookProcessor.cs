using App.Api.Database;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Webhooks;

/// <summary>
/// Applies one verified event exactly once: run the handler, settle the inbox row, commit, all in one
/// transaction; a duplicate finds the row settled and rolls its work back. A failure rolls everything
/// back and is then recorded on its own, so Auther's retry (or an operator's replay) may take it over.
/// Settling last rather than claiming first saves two round trips per event (see docs/benchmarks.md, Webhook ingest).
/// </summary>
public sealed class WebhookProcessor(AppDbContext db, WebhookInbox inbox, WebhookDispatcher dispatcher, ILogger<WebhookProcessor> logger)
{
    public async Task<WebhookResult> ProcessAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        if (WebhookContent.Unstorable(message) is { } unstorable)
        {
            await inbox.RecordRejectedAsync(message, unstorable, cancellationToken);
            return new WebhookResult(WebhookOutcome.Rejected, unstorable);
        }

        var context = new WebhookContext(message.Envelope);
        WebhookOutcome outcome;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            outcome = await dispatcher.DispatchAsync(context, cancellationToken);
            if (!await inbox.SettleAsync(message, outcome, cancellationToken))
            {
                // Stryker disable once Statement: what a handler tracks it has saved (the new-device notification), so it is
                // tracked unchanged, and no later SaveChanges (the replay's audit) writes an unchanged entity.
                db.ChangeTracker.Clear();
                return new WebhookResult(WebhookOutcome.Duplicate);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (WebhookPayloadException ex)
        {
            // Stryker disable once Statement: a payload is refused before anything is tracked (the new-device handler, the
            // only one that tracks an entity, reads its fields first), so there is nothing to clear.
            db.ChangeTracker.Clear();
            await inbox.RecordRejectedAsync(message, ex.Message, cancellationToken);
            return new WebhookResult(WebhookOutcome.Rejected, ex.Message);
        }
        catch (Exception ex) when (DatabaseFaults.IsUnstorableValue(ex))
        {
            // A value PostgreSQL refuses (too long, a date out of range...) is refused on every retry too.
            db.ChangeTracker.Clear();
            var reason = $"The event's content cannot be stored: {(DatabaseFaults.UnstorableCause(ex) ?? ex).Message}";
            await inbox.RecordRejectedAsync(message, reason, cancellationToken);
            return new WebhookResult(WebhookOutcome.Rejected, reason);
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            // Nothing can be recorded either; the 503 (GlobalExceptionHandler) makes Auther retry later.
            // Stryker disable once Statement: the exception leaves the request (delivery or replay) with its scoped context,
            // and nothing saves after it (the replay's audit is skipped), so what is tracked is never written.
            db.ChangeTracker.Clear();
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Entities tracked during the rolled-back attempt describe rows that do not exist.
            db.ChangeTracker.Clear();
            logger.LogError(ex, "Webhook {MessageId} ({EventType}) failed; answered 500 so that it is retried", message.MessageId, message.Envelope.Type);
            await TryRecordFailureAsync(message, ex);
            return new WebhookResult(WebhookOutcome.Failed, "Processing failed; the event will be retried.");
        }

        await RunAfterCommitAsync(context, message);
        return new WebhookResult(outcome);
    }

    private async Task TryRecordFailureAsync(WebhookMessage message, Exception failure)
    {
        try
        {
            // The exception type and message only: stack traces belong in the log, not in an operator listing.
            await inbox.RecordFailureAsync(message, $"{failure.GetType().Name}: {failure.Message}", CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record the failure of webhook {MessageId}", message.MessageId);
        }
    }

    private async Task RunAfterCommitAsync(WebhookContext context, WebhookMessage message)
    {
        foreach (var action in context.AfterCommitActions)
        {
            try
            {
                // The event is committed: a slow push must not depend on Auther still waiting for the answer.
                await action(CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A follow-up of webhook {MessageId} ({EventType}) failed after commit", message.MessageId, message.Envelope.Type);
            }
        }
    }
}

/// <summary>The outcome of processing, with the detail a 400 or 500 answer carries.</summary>
public sealed record WebhookResult(WebhookOutcome Outcome, string? Detail = null);
