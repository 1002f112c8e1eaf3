namespace App.Api.Sync;

/// <summary>What a reconciliation run found and did, printed by the CLI verb and logged by the background job.</summary>
public sealed class ReconcileReport
{
    public int AutherUsers { get; set; }
    public int LocalUsers { get; set; }
    public List<string> Updated { get; } = [];
    public List<string> Banned { get; } = [];
    public List<string> Missing { get; } = [];
    public List<string> Deleted { get; } = [];

    /// <summary>Newly blocked (missing, <see cref="MissingUserAction.Block"/>): tokens refused, data kept.</summary>
    public List<string> Blocked { get; } = [];

    /// <summary>Blocked by an earlier run and listed by Auther again: the block is lifted.</summary>
    public List<string> Unblocked { get; } = [];

    /// <summary>Blocked by an earlier run and still missing.</summary>
    public int StillBlocked { get; set; }

    public MissingUserAction OnMissing { get; set; }

    /// <summary>
    /// Local rows Auther does not list and never did (legacy users not imported yet): left alone, whatever the action;
    /// <c>import-users</c> brings them over.
    /// </summary>
    public List<string> NotYetInAuther { get; } = [];

    /// <summary>Absent from the first listing but present in the confirming one (the offset paging shifted): kept.</summary>
    public List<string> Reappeared { get; } = [];
    public string? PageFailure { get; set; }

    /// <summary>Why blocking or deleting the missing users was refused (safety checks), or null.</summary>
    public string? DeletionRefused { get; set; }

    public bool Skipped { get; set; }

    public string Summary() => Skipped
        ? "skipped: another instance is reconciling"
        : PageFailure is not null
            // A partial listing says nothing about who is gone: no "newly gone" count that is not one.
            ? $"Auther's user list could not be read ({PageFailure}): nothing was blocked or deleted; " +
              $"{AutherUsers} Auther user(s) read, {Updated.Count} updated ({Banned.Count} newly banned)"
            : $"{AutherUsers} Auther user(s), {LocalUsers} local; {Updated.Count} updated ({Banned.Count} newly banned), " +
              $"{Missing.Count} newly gone from Auther ({OnMissing.ToString().ToLowerInvariant()}): {Blocked.Count} blocked, {Deleted.Count} deleted" +
              (StillBlocked == 0 ? string.Empty : $"; {StillBlocked} still blocked") +
              (Unblocked.Count == 0 ? string.Empty : $"; {Unblocked.Count} listed again and unblocked") +
              (Reappeared.Count == 0 ? string.Empty : $"; {Reappeared.Count} found again by the confirming listing (kept)") +
              (NotYetInAuther.Count == 0 ? string.Empty : $"; not yet in Auther: {NotYetInAuther.Count} (never seen there, left alone: run import-users)") +
              (DeletionRefused is null ? string.Empty : $"; {OnMissing.ToString().ToLowerInvariant()} refused: {DeletionRefused}");

    public async Task PrintAsync(TextWriter output)
    {
        await output.WriteLineAsync(Summary());
        foreach (var (label, ids) in new[] { ("updated", Updated), ("gone from Auther", Missing), ("found again", Reappeared), ("not yet in Auther", NotYetInAuther), ("blocked", Blocked), ("unblocked", Unblocked), ("deleted", Deleted) })
        {
            foreach (var id in ids.Take(50))
            {
                await output.WriteLineAsync($"  {label}: {id}");
            }

            if (ids.Count > 50)
            {
                await output.WriteLineAsync($"  ... and {ids.Count - 50} more {label}");
            }
        }
    }
}
