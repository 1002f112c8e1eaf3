using System.Security.Cryptography;
using App.Api.Errors;
using App.Api.IdentityProvider;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Sync;

/// <summary>
/// The cut-over's step 3: push every local user to Auther's admin create-user, keeping their ids
/// (<c>data.id</c>) so shadow rows line up. Idempotent (a user already in Auther with the same email is
/// skipped), resumable (keyset order by id; a checkpoint file remembers the last finished id), with a
/// dry-run. Each user gets a random 32-byte password that is never logged or stored: imported users set
/// theirs through Auther's reset flow. An id present in Auther with another email, or an email owned by
/// another Auther id, is a conflict and is left alone.
/// <para>
/// Never undoes a decision made in Auther: a row reconciliation blocked (Auther no longer lists the user) or a
/// tombstoned user (Auther deleted them) is skipped and reported apart, since creating them again would let the
/// next poll unblock them. A locally banned user is banned in Auther right after being created, with the local
/// reason and what is left of the ban; if that ban fails the new Auther user is removed again and the user is
/// reported as failed, so the poll never reads an unbanned copy and lifts the local ban.
/// </para>
/// </summary>
public sealed class ImportUsers(AppDbContext db, AutherClient auther, TimeProvider time, TextWriter output)
{
    public async Task<ImportSummary> RunAsync(ImportOptions options, CancellationToken cancellationToken)
    {
        var summary = new ImportSummary();
        var index = await AutherIndex.LoadAsync(auther, options.PageSize, cancellationToken);
        var after = options.ResumeFrom ?? ReadCheckpoint(options.CheckpointFile);
        var total = await db.Users.CountAsync(u => after == null || string.Compare(u.Id, after) > 0, cancellationToken);
        await output.WriteLineAsync($"Auther holds {index.Count} user(s); {total} local user(s) to process{(after is null ? string.Empty : $" after '{after}'")}{(options.DryRun ? " (dry run)" : string.Empty)}.");

        while (true)
        {
            var batch = await db.Users.AsNoTracking()
                .Where(u => after == null || string.Compare(u.Id, after) > 0)
                .OrderBy(u => u.Id)
                .Take(options.PageSize)
                .Select(u => new LocalUser(u.Id, u.Email, u.Name, u.Role, u.EmailVerified, u.Banned, u.BanReason, u.BanExpires,
                    u.MissingSince != null, db.UserTombstones.Any(t => t.UserId == u.Id)))
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var user in batch)
            {
                var outcome = await ImportOneAsync(index, user, options.DryRun, cancellationToken);
                summary.Add(user.Id, outcome);
                after = user.Id;
                if (!options.DryRun)
                {
                    WriteCheckpoint(options.CheckpointFile, after);
                }
            }

            await output.WriteLineAsync($"  {summary.Processed}/{total} processed: {summary.Created} created, {summary.Skipped} skipped, " +
                                        $"{summary.Blocked.Count} blocked and {summary.Tombstoned.Count} deleted left alone, {summary.Failures.Count} failed");
        }

        return summary;
    }

    private async Task<ImportOutcome> ImportOneAsync(AutherIndex index, LocalUser user, bool dryRun, CancellationToken cancellationToken)
    {
        var (id, email) = (user.Id, user.Email);
        if (user.Tombstoned)
        {
            return ImportOutcome.Tombstoned;
        }

        if (user.Blocked)
        {
            return ImportOutcome.Blocked;
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            return ImportOutcome.Failed("the local user has no email; Auther needs one");
        }

        if (index.EmailOfId(id) is { } existingEmail)
        {
            return string.Equals(existingEmail, email, StringComparison.OrdinalIgnoreCase)
                ? ImportOutcome.Skipped
                : ImportOutcome.Failed($"conflict: id exists in Auther with another email ({existingEmail})");
        }

        if (index.IdOfEmail(email) is { } otherId)
        {
            return ImportOutcome.Failed($"conflict: the email belongs to Auther user '{otherId}'");
        }

        if (dryRun)
        {
            return ImportOutcome.WouldCreate;
        }

        try
        {
            await auther.CreateUserAsync(new CreateUserRequest(email, RandomPassword(), user.Name ?? email.Split('@')[0],
                user.Role, new CreateUserData(id, user.EmailVerified)), cancellationToken);
        }
        catch (AutherRejectedException ex) when (ex.Status is StatusCodes.Status409Conflict or StatusCodes.Status422UnprocessableEntity)
        {
            return ImportOutcome.Failed($"Auther refused it: {ex.Detail ?? ex.Title}");
        }

        if (await CarryBanAsync(user, cancellationToken) is { } banFailure)
        {
            return ImportOutcome.Failed(banFailure);
        }

        index.Add(id, email);
        return ImportOutcome.Created;
    }

    /// <summary>
    /// Bans the just-created Auther user as the local row is banned (reason, and the time left when the ban ends);
    /// a ban already over is not carried. When the ban fails the Auther user is removed again. Null when all is well,
    /// else why the user failed.
    /// </summary>
    private async Task<string?> CarryBanAsync(LocalUser user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!user.Banned || user.BanExpires <= now)
        {
            return null;
        }

        // better-auth's banExpiresIn is in whole seconds; round up so the ban never ends before the local one.
        long? expiresIn = user.BanExpires is { } until ? (long)Math.Ceiling((until - now).TotalSeconds) : null;
        try
        {
            await auther.BanUserAsync(user.Id, user.BanReason, cancellationToken, expiresIn);
            return null;
        }
        catch (Exception ex) when (ex is ProblemException or OperationCanceledException)
        {
            // Removed even when the run is being cancelled: an unbanned copy in Auther would lift the local ban.
            var rollback = await RemoveAsync(user.Id);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            var banError = ex is ProblemException problem ? $"{problem.Title}: {problem.Detail}" : ex.Message;
            return rollback is null
                ? $"banning it in Auther failed ({banError}); the Auther user was removed again so the local ban stays"
                : $"banning it in Auther failed ({banError}) and removing the new Auther user failed too ({rollback}): " +
                  "ban or remove it in Auther by hand before the next poll lifts the local ban";
        }
    }

    /// <summary>Removes a user this run created; null when done, else why not.</summary>
    private async Task<string?> RemoveAsync(string userId)
    {
        try
        {
            await auther.RemoveUserAsync(userId, CancellationToken.None);
            return null;
        }
        catch (ProblemException ex)
        {
            return $"{ex.Title}: {ex.Detail}";
        }
    }

    /// <summary>32 random bytes; never written anywhere.</summary>
    private static string RandomPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string? ReadCheckpoint(string? file) =>
        file is not null && File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } id ? id : null;

    private static void WriteCheckpoint(string? file, string id)
    {
        if (file is not null)
        {
            File.WriteAllText(file, id);
        }
    }
}

/// <summary>What the import reads of a local row.</summary>
internal sealed record LocalUser(string Id, string? Email, string? Name, string? Role, bool EmailVerified, bool Banned, string? BanReason,
    DateTimeOffset? BanExpires, bool Blocked, bool Tombstoned);

public sealed record ImportOptions(bool DryRun, int PageSize = 100, string? ResumeFrom = null, string? CheckpointFile = null);
