using App.Api.IdentityProvider;
using App.Api.Database;
using App.Api.Errors;
using App.Api.ShadowUsers;
using App.Data;
using App.Data.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace App.Api.Sync;

/// <summary>
/// One poll of Auther's users, most recently changed first, down to the stored watermark: deployed Auther
/// announces no other user's ban, role or profile change, so this is how they arrive. Each page is applied
/// to existing shadow rows by the shadow-user store, the way a webhook would (the newer state wins), and every
/// changed row is announced on the cache channel. Users without a shadow row are left alone.
/// </summary>
public sealed class UserSync(AppDbContext db, ShadowUserStore store, AutherClient auther, SyncMetrics metrics, IOptions<SyncOptions> options, TimeProvider time)
{
    public const string WatermarkName = "users";

    /// <summary>
    /// Changes this close below the watermark are read again: a change committed in Auther just after a poll read
    /// a newer one must not be skipped. Re-reading writes nothing when nothing differs.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(2);

    /// <param name="full">Ignore the stored watermark and read every user (the CLI's <c>--full</c>).</param>
    public async Task<SyncReport> RunAsync(bool full, CancellationToken cancellationToken)
    {
        var stored = await db.SyncWatermarks.AsNoTracking().Where(w => w.Name == WatermarkName)
            .Select(w => (DateTimeOffset?)w.Watermark).FirstOrDefaultAsync(cancellationToken);
        var report = new SyncReport { From = stored, To = stored };
        var stopBelow = full ? null : stored - Overlap;
        var pageSize = options.Value.PageSize;
        DateTimeOffset? newest = null;
        int? firstTotal = null;
        try
        {
            for (var offset = 0; ; offset += pageSize)
            {
                var page = await auther.ListRecentlyUpdatedUsersAsync(pageSize, offset, cancellationToken);
                report.Requests++;
                metrics.Requested();
                firstTotal ??= page.Total;
                report.Shifted |= page.Total < firstTotal;
                report.Unsorted |= !NewestFirst(page.Users);

                var batch = report.Unsorted ? page.Users : page.Users.TakeWhile(u => stopBelow is null || u.ChangedAt >= stopBelow).ToList();
                newest = page.Users.Select(u => u.ChangedAt).Append(newest ?? DateTimeOffset.MinValue).Max();
                report.Read += batch.Count;
                await ApplyAsync(batch, report, cancellationToken);

                var reachedWatermark = batch.Count < page.Users.Count;
                if (reachedWatermark || page.Users.Count < pageSize || offset + page.Users.Count >= page.Total)
                {
                    break;
                }
            }
        }
        catch (ProblemException ex)
        {
            report.Failure = $"{ex.Title}: {ex.Detail}";
            return report;
        }

        if (!report.Shifted && newest is { } reached && reached > DateTimeOffset.MinValue && (stored is null || reached > stored))
        {
            await AdvanceAsync(reached, cancellationToken);
            report.To = reached;
        }

        return report;
    }

    private static bool NewestFirst(IReadOnlyList<AutherUser> users)
    {
        for (var i = 1; i < users.Count; i++)
        {
            if (users[i].ChangedAt > users[i - 1].ChangedAt)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The page's users go to the shadow-user store, which brings each one whose state differs onto its row (unless
    /// the row holds a newer state) and announces it; this counts what changed.
    /// </summary>
    private async Task ApplyAsync(IReadOnlyList<AutherUser> users, SyncReport report, CancellationToken cancellationToken)
    {
        if (users.Count == 0)
        {
            return;
        }

        foreach (var kind in await store.ApplyListedAsync(users, cancellationToken))
        {
            report.Changed++;
            report.Banned += kind == "ban" ? 1 : 0;
            report.Unbanned += kind == "unban" ? 1 : 0;
            report.Unblocked += kind == "unblock" ? 1 : 0;
            metrics.Changed(kind, 1);
        }
    }

    private async Task AdvanceAsync(DateTimeOffset watermark, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Command(SyncSql.Advance)
            .With("name", WatermarkName, NpgsqlDbType.Varchar)
            .With("watermark", watermark, NpgsqlDbType.TimestampTz)
            .With("now", time.GetUtcNow(), NpgsqlDbType.TimestampTz)
            .RunAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
