using App.Api.Audit;
using App.Api.Auth;
using App.Api.Errors;
using App.Api.IdentityProvider;
using App.Api.ShadowUsers;
using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Api.Sync;

/// <summary>
/// Repairs the drift that missed webhooks leave (deployed Auther sends user.* events only to endpoints the
/// user owns, and never user.deleted): pages through Auther's list-users, brings changed profiles and bans
/// onto existing shadow rows, marks every listed row seen in Auther, and finds shadow users Auther no longer has.
/// Those are blocked by default (tokens refused, data kept; lifted when Auther lists them again), deleted when
/// asked (with the webhook's own deletion: scrubbed audit, cascade, tombstone), or only reported; acting on them
/// needs every safety check to pass. Only a row seen in Auther before can be "no longer" there: a row never seen
/// there (a legacy user not imported yet) is reported as not yet in Auther and left alone.
/// </summary>
public sealed class Reconciliation(
    AppDbContext db,
    AutherClient auther,
    ShadowUserStore store,
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
        var listed = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await AutherIndex.LoadAsync(auther, options.Value.PageSize, cancellationToken, async user =>
            {
                listed.Add(user.Id);
                await RepairAsync(user, started, dryRun, report, cancellationToken);
            });
        }
        catch (ProblemException ex)
        {
            report.PageFailure = $"{ex.Title}: {ex.Detail}";
        }

        report.AutherUsers = listed.Count;
        if (!dryRun && listed.Count > 0)
        {
            await store.MarkSeenInAutherAsync(listed.ToList(), cancellationToken);
        }

        // Rows created after the listing began may belong to users Auther created meanwhile: not "missing".
        var local = await db.Users.AsNoTracking().Where(u => u.CreatedAt < started)
            .Select(u => new { u.Id, Blocked = u.MissingSince != null, Seen = u.SeenInAutherAt != null }).ToListAsync(cancellationToken);
        report.LocalUsers = local.Count;
        var unlisted = local.Where(u => !listed.Contains(u.Id)).ToList();
        // Never seen in Auther: a local user not imported yet, not one removed there. Reported, never blocked or deleted.
        report.NotYetInAuther.AddRange(unlisted.Where(u => !u.Seen).Select(u => u.Id).Order(StringComparer.Ordinal));
        var gone = unlisted.Where(u => u.Seen).ToList();
        // Users blocked by an earlier run stay blocked without counting against this run's caps (unless deleting them now).
        report.StillBlocked = onMissing == MissingUserAction.Delete ? 0 : gone.Count(u => u.Blocked);
        report.Missing.AddRange(gone.Where(u => onMissing == MissingUserAction.Delete || !u.Blocked).Select(u => u.Id).Order(StringComparer.Ordinal));
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
    /// The store marks the users missing (every instance drops its cached copy on commit and refuses their tokens);
    /// each block leaves an audit row in the same transaction.
    /// </summary>
    private async Task BlockMissingAsync(ReconcileReport report, DateTimeOffset started, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        report.Blocked.AddRange(await store.BlockMissingAsync(report.Missing, started, cancellationToken));
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

        // Compared with the local users seen in Auther: legacy users not imported yet are not expected there.
        var seenLocally = report.LocalUsers - report.NotYetInAuther.Count;
        if (report.AutherUsers < options.Value.MinAutherFraction * seenLocally)
        {
            return $"Auther lists {report.AutherUsers} user(s), fewer than {options.Value.MinAutherFraction:P0} of the {seenLocally} local ones seen there before";
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
            await store.DeleteAsync(userId, eventAt: null, cancellationToken);
            audit.Record(Actor, "user.deleted", $"user:{userId}", new { reason = "no longer in Auther (reconciliation)" });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            report.Deleted.Add(userId);
        }
    }

    /// <summary>
    /// Reports how an existing row differs from Auther's state and has the store bring it over, as true at the
    /// listing's start (a row changed by a newer state meanwhile is left alone).
    /// </summary>
    private async Task RepairAsync(AutherUser user, DateTimeOffset started, bool dryRun, ReconcileReport report, CancellationToken cancellationToken)
    {
        var row = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == user.Id, cancellationToken);
        var banned = user.Banned ?? false;
        if (row is null || (row.Email == user.Email && row.Name == user.Name && row.Image == user.Image &&
                            row.EmailVerified == user.EmailVerified && !RoleIsNews(row, user.Role, started) && row.Banned == banned &&
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

        await store.ApplyReconciledAsync(user, started, cancellationToken);
    }

    /// <summary>A role other than the row's, unless the row's is newer than this listing (a token stated it since).</summary>
    private static bool RoleIsNews(App.Data.Users.User row, string? role, DateTimeOffset started) =>
        role is not null && role != row.Role && (row.RoleSetAt is null || row.RoleSetAt <= started);

    private static bool SameInstant(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b is null : b is not null && Math.Abs((a.Value - b.Value).TotalMilliseconds) < 1;
}
