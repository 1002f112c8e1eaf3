using System.Security.Cryptography;
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
/// </summary>
public sealed class ImportUsers(AppDbContext db, AutherClient auther, TextWriter output)
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
                .Select(u => new { u.Id, u.Email, u.Name, u.Role, u.EmailVerified })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var user in batch)
            {
                var outcome = await ImportOneAsync(index, user.Id, user.Email, user.Name, user.Role, user.EmailVerified, options.DryRun, cancellationToken);
                summary.Add(user.Id, outcome);
                after = user.Id;
                if (!options.DryRun)
                {
                    WriteCheckpoint(options.CheckpointFile, after);
                }
            }

            await output.WriteLineAsync($"  {summary.Processed}/{total} processed: {summary.Created} created, {summary.Skipped} skipped, {summary.Failures.Count} failed");
        }

        return summary;
    }

    private async Task<ImportOutcome> ImportOneAsync(AutherIndex index, string id, string? email, string? name, string? role,
        bool emailVerified, bool dryRun, CancellationToken cancellationToken)
    {
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
            await auther.CreateUserAsync(new CreateUserRequest(email, RandomPassword(), name ?? email.Split('@')[0],
                role, new CreateUserData(id, emailVerified)), cancellationToken);
            index.Add(id, email);
            return ImportOutcome.Created;
        }
        catch (AutherRejectedException ex) when (ex.Status is StatusCodes.Status409Conflict or StatusCodes.Status422UnprocessableEntity)
        {
            return ImportOutcome.Failed($"Auther refused it: {ex.Detail ?? ex.Title}");
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

public sealed record ImportOptions(bool DryRun, int PageSize = 100, string? ResumeFrom = null, string? CheckpointFile = null);
