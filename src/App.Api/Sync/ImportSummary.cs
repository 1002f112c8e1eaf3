namespace App.Api.Sync;

public sealed record ImportOutcome(string Kind, string? Reason = null)
{
    public static readonly ImportOutcome Created = new("created");
    public static readonly ImportOutcome Skipped = new("skipped");
    public static readonly ImportOutcome WouldCreate = new("would-create");

    /// <summary>Reconciliation blocked the row: Auther no longer lists the user (an admin removed them there).</summary>
    public static readonly ImportOutcome Blocked = new("blocked");

    /// <summary>The user was deleted (tombstone): Auther deleted them, or reconciliation did.</summary>
    public static readonly ImportOutcome Tombstoned = new("tombstoned");

    public static ImportOutcome Failed(string reason) => new("failed", reason);
}

/// <summary>Counts and reasons of an import run, printed at the end (and returned for tests).</summary>
public sealed class ImportSummary
{
    public int Processed { get; private set; }
    public int Created { get; private set; }
    public int Skipped { get; private set; }
    public int WouldCreate { get; private set; }

    /// <summary>Rows reconciliation blocked, left alone: importing them would undo a removal made in Auther.</summary>
    public List<string> Blocked { get; } = [];

    /// <summary>Deleted users (tombstoned), left alone for the same reason.</summary>
    public List<string> Tombstoned { get; } = [];

    public List<(string UserId, string Reason)> Failures { get; } = [];

    public void Add(string userId, ImportOutcome outcome)
    {
        Processed++;
        switch (outcome.Kind)
        {
            case "created":
                Created++;
                break;
            case "skipped":
                Skipped++;
                break;
            case "would-create":
                WouldCreate++;
                break;
            case "blocked":
                Blocked.Add(userId);
                break;
            case "tombstoned":
                Tombstoned.Add(userId);
                break;
            default:
                Failures.Add((userId, outcome.Reason ?? "failed"));
                break;
        }
    }

    public async Task PrintAsync(TextWriter output)
    {
        await output.WriteLineAsync($"Done: {Processed} processed, {Created} created, {Skipped} skipped (already in Auther), " +
                                    $"{WouldCreate} would be created, {Blocked.Count} blocked (removed in Auther, left alone), " +
                                    $"{Tombstoned.Count} deleted (tombstoned, left alone), {Failures.Count} failed.");
        foreach (var userId in Blocked)
        {
            await output.WriteLineAsync($"  blocked {userId}: reconciliation found the user removed from Auther; not re-created");
        }

        foreach (var userId in Tombstoned)
        {
            await output.WriteLineAsync($"  deleted {userId}: the user was deleted (tombstone); not re-created");
        }

        foreach (var (userId, reason) in Failures)
        {
            await output.WriteLineAsync($"  failed {userId}: {reason}");
        }
    }
}
