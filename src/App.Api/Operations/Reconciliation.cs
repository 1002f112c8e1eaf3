using App.Api.Auth;
using App.Api.IdentityProvider;
using App.Api.Data;
using App.Api.Errors;
using App.Api.Features.AuditLogs;
using App.Api.Features.Users;
using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace App.Api.Operations;

/// <summary>
/// Repairs the drift that missed webhooks leave (deployed Auther sends user.* events only to endpoints the
/// user owns, and never user.deleted): pages through Auther's list-users, brings changed profiles and bans
/// onto existing shadow rows, and finds shadow users Auther no longer has. Those are blocked by default
/// (tokens refused, data kept; lifted when Auther lists them again), deleted when asked (with the webhook's
/// own deletion: scrubbed audit, cascade, tombstone), or only reported; acting on them needs every safety check
/// to pass.
/// </summary>
public sealed class Reconciliation(
    AppDbContext db,
    AutherClient auther,
    UserDeletion deletion,
    AuditTrail audit,
    IOptions<ReconcileOptions> options,
    TimeProvider time)
{
    /// <summary>The actor of audit rows written by reconciliation.</summary>
    public static readonly Principal Actor = new() { UserId = "system:reconcile", Name = "Reconciliation" };

    public async Task<ReconcileReport> RunAsync(MissingUserAction onMissing, bool dryRun, CancellationToken cancellationToken)
    {
        var report = new ReconcileReport { OnMissing = onMissing };
        var started = time.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await AutherIndex.LoadAsync(auther, options.Value.PageSize, cancellationToken, async user =>
            {
                seen.Add(user.Id);
                await RepairAsync(user, started, dryRun, report, cancellationToken);
            });
        }
        catch (ProblemException ex)
        {
            report.PageFailure = $"{ex.Title}: {ex.Detail}";
        }

        report.AutherUsers = seen.Count;
        // Rows created after the listing began may belong to users Auther created meanwhile: not "missing".
        var local = await db.Users.AsNoTracking().Where(u => u.CreatedAt < started)
            .Select(u => new { u.Id, Blocked = u.MissingSince != null }).ToListAsync(cancellationToken);
        report.LocalUsers = local.Count;
        // Users blocked by an earlier run stay blocked without counting against this run's caps (unless deleting them now).
        var unseen = local.Where(u => !seen.Contains(u.Id)).ToList();
        report.StillBlocked = onMissing == MissingUserAction.Delete ? 0 : unseen.Count(u => u.Blocked);
        report.Missing.AddRange(unseen.Where(u => onMissing == MissingUserAction.Delete || !u.Blocked).Select(u => u.Id).Order(StringComparer.Ordinal));
        if (report.Missing.Count > 0 && report.PageFailure is null)
        {
            await ConfirmMissingAsync(report, cancellationToken);
        }

        if (onMissing == MissingUserAction.Report || report.Missing.Count == 0)
        {
            return report;
        }

        report.DeletionRefused = Refusal(report);
        if (report.DeletionRefused is null && !dryRun)
        {
            if (onMissing == MissingUserAction.Delete)
            {
                await DeleteMissingAsync(report, cancellationToken);
            }
            else
            {
                await BlockMissingAsync(report, started, cancellationToken);
            }
        }

        return report;
    }

    /// <summary>
    /// Marks the users missing: every instance drops its cached copy on commit and refuses their tokens (401
    /// account_deleted). A row changed by an event newer than the listing's start is left alone (Auther has it).
    /// </summary>
    private async Task BlockMissingAsync(ReconcileReport report, DateTimeOffset started, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var command = db.Command("""
                WITH blocked AS (
                    UPDATE users SET missing_since = @now, last_event_at = GREATEST(COALESCE(last_event_at, @started), @started)
                    WHERE id = ANY(@ids) AND missing_since IS NULL AND (last_event_at IS NULL OR last_event_at <= @started)
                    RETURNING id)
                SELECT id, pg_notify(@channel, 'user:' || id) FROM blocked
                """)
            .With("ids", report.Missing.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz)
            .With("started", started, NpgsqlDbType.TimestampTz)
            .With("channel", CacheChannel.Name, NpgsqlDbType.Text);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                report.Blocked.Add(reader.GetString(0));
            }
        }

        foreach (var userId in report.Blocked)
        {
            audit.Record(Actor, "user.blocked", $"user:{userId}", new { reason = "no longer in Auther (reconciliation)" });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// list-users pages by offset, so a user removed from Auther while the listing runs shifts the later pages
    /// and one user slips between two of them, looking "missing". A second listing confirms each candidate:
    /// one that shows up again is kept (and reported). A user truly gone is absent from both.
    /// </summary>
    private async Task ConfirmMissingAsync(ReconcileReport report, CancellationToken cancellationToken)
    {
        try
        {
            var again = await AutherIndex.LoadAsync(auther, options.Value.PageSize, cancellationToken);
            report.Reappeared.AddRange(report.Missing.Where(id => again.EmailOfId(id) is not null));
            report.Missing.RemoveAll(report.Reappeared.Contains);
        }
        catch (ProblemException ex)
        {
            report.PageFailure = $"{ex.Title}: {ex.Detail} (confirming listing)";
        }
    }

    /// <summary>The checks that stop a partial or suspicious listing from deleting real users.</summary>
    private string? Refusal(ReconcileReport report)
    {
        if (report.PageFailure is not null)
        {
            return "a page of Auther's user list could not be read";
        }

        if (report.AutherUsers < options.Value.MinAutherFraction * report.LocalUsers)
        {
            return $"Auther lists {report.AutherUsers} user(s), fewer than {options.Value.MinAutherFraction:P0} of the {report.LocalUsers} local ones";
        }

        return report.Missing.Count > options.Value.MaxDeletesPerRun
            ? $"{report.Missing.Count} {(report.OnMissing == MissingUserAction.Delete ? "deletions" : "blocks")} exceed the limit of {options.Value.MaxDeletesPerRun} per run"
            : null;
    }

    private async Task DeleteMissingAsync(ReconcileReport report, CancellationToken cancellationToken)
    {
        foreach (var userId in report.Missing)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await deletion.DeleteAsync(userId, eventAt: null, cancellationToken);
            audit.Record(Actor, "user.deleted", $"user:{userId}", new { reason = "no longer in Auther (reconciliation)" });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            report.Deleted.Add(userId);
        }
    }

    /// <summary>
    /// Brings Auther's state onto an existing row when it differs. The listing is newer than any event created
    /// before the run started, so last_event_at moves to the start time; a row changed by a newer event meanwhile
    /// is left alone.
    /// </summary>
    private async Task RepairAsync(AutherUser user, DateTimeOffset started, bool dryRun, ReconcileReport report, CancellationToken cancellationToken)
    {
        var row = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == user.Id, cancellationToken);
        var banned = user.Banned ?? false;
        if (row is null || (row.Email == user.Email && row.Name == user.Name && row.Image == user.Image &&
                            row.EmailVerified == user.EmailVerified && row.Role == (user.Role ?? row.Role) && row.Banned == banned &&
                            row.BanReason == user.BanReason && SameInstant(row.BanExpires, user.BanExpires) && row.MissingSince is null))
        {
            return;
        }

        report.Updated.Add(user.Id);
        if (row.MissingSince is not null)
        {
            report.Unblocked.Add(user.Id);
        }

        if (banned && !row.Banned)
        {
            report.Banned.Add(user.Id);
        }

        if (dryRun)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await UserLock.AcquireAsync(db, user.Id, cancellationToken);
        var changed = await db.Command("""
                UPDATE users SET email = @email, name = @name, image = @image, email_verified = @email_verified, role = COALESCE(@role, role),
                    banned = @banned, ban_reason = @ban_reason, ban_expires = @ban_expires, updated_at = @now, missing_since = NULL,
                    last_event_at = GREATEST(COALESCE(last_event_at, @started), @started)
                WHERE id = @id AND (last_event_at IS NULL OR last_event_at <= @started)
                """)
            .With("id", user.Id, NpgsqlDbType.Varchar)
            .With("email", user.Email, NpgsqlDbType.Varchar)
            .With("name", user.Name, NpgsqlDbType.Varchar)
            .With("image", user.Image, NpgsqlDbType.Text)
            .With("email_verified", user.EmailVerified, NpgsqlDbType.Boolean)
            .With("role", user.Role, NpgsqlDbType.Varchar)
            .With("banned", banned, NpgsqlDbType.Boolean)
            .With("ban_reason", user.BanReason, NpgsqlDbType.Text)
            .With("ban_expires", user.BanExpires, NpgsqlDbType.TimestampTz)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz)
            .With("started", started, NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken);
        if (changed > 0)
        {
            await db.NotifyAsync(CacheChannel.UserChanged(user.Id), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static bool SameInstant(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b is null : b is not null && Math.Abs((a.Value - b.Value).TotalMilliseconds) < 1;
}
