namespace App.Api.Sync;

public sealed record ImportOutcome(string Kind, string? Reason = null)
{
    public static readonly ImportOutcome Created = new("created");
    public static readonly ImportOutcome Skipped = new("skipped");
    public static readonly ImportOutcome WouldCreate = new("would-create");

    public static ImportOutcome Failed(string reason) => new("failed", reason);
}

/// <summary>Counts and reasons of an import run, printed at the end (and returned for tests).</summary>
public sealed class ImportSummary
{
    public int Processed { get; private set; }
    public int Created { get; private set; }
    public int Skipped { get; private set; }
    public int WouldCreate { get; private set; }
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
            default:
                Failures.Add((userId, outcome.Reason ?? "failed"));
                break;
        }
    }

    public async Task PrintAsync(TextWriter output)
    {
        await output.WriteLineAsync($"Done: {Processed} processed, {Created} created, {Skipped} skipped (already in Auther), " +
                                    $"{WouldCreate} would be created, {Failures.Count} failed.");
        foreach (var (userId, reason) in Failures)
        {
            await output.WriteLineAsync($"  failed {userId}: {reason}");
        }
    }
}
