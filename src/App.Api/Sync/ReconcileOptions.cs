using Microsoft.Extensions.Options;

namespace App.Api.Sync;

/// <summary>Reconciliation against Auther's user list. Section <c>Reconcile</c>.</summary>
public sealed class ReconcileOptions
{
    public const string SectionName = "Reconcile";

    /// <summary>Run in the background on every instance's schedule; a database lock lets one instance at a time do it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between background runs (the first one starts one interval after start-up).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>What happens to shadow users Auther no longer lists (confirmed by a second listing). Unset: Block,
    /// or Delete when the older <see cref="DeleteMissing"/> is true.</summary>
    public MissingUserAction? OnMissing { get; set; }

    /// <summary>Earlier versions' switch; <see cref="OnMissing"/> wins when both are set.</summary>
    public bool DeleteMissing { get; set; }

    public MissingUserAction ResolvedOnMissing => OnMissing ?? (DeleteMissing ? MissingUserAction.Delete : MissingUserAction.Block);

    /// <summary>Blocking or deletion is refused when Auther lists fewer users than this fraction of the local ones.</summary>
    public double MinAutherFraction { get; set; } = 0.5;

    /// <summary>Blocking or deletion is refused when it would act on more users than this in one run.</summary>
    public int MaxDeletesPerRun { get; set; } = 100;

    public int PageSize { get; set; } = 100;
}

public sealed class ReconcileOptionsValidator : IValidateOptions<ReconcileOptions>
{
    public ValidateOptionsResult Validate(string? name, ReconcileOptions options)
    {
        var failures = new List<string>();
        if (options.Interval < TimeSpan.FromMinutes(1))
        {
            failures.Add($"Reconcile:Interval is {options.Interval}; it must be at least one minute, e.g. 00:15:00 (Reconcile__Interval or RECONCILE_INTERVAL).");
        }

        if (options.OnMissing is { } action && !Enum.IsDefined(action))
        {
            failures.Add("Reconcile:OnMissing must be Block, Delete or Report (Reconcile__OnMissing or RECONCILE_ON_MISSING).");
        }

        if (options.MinAutherFraction is < 0 or > 1)
        {
            failures.Add("Reconcile:MinAutherFraction must be between 0 and 1 (Reconcile__MinAutherFraction).");
        }

        if (options.MaxDeletesPerRun < 0 || options.PageSize is < 1 or > 500)
        {
            failures.Add("Reconcile:MaxDeletesPerRun must be >= 0 and Reconcile:PageSize between 1 and 500.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>What reconciliation does with a shadow user Auther no longer lists.</summary>
public enum MissingUserAction
{
    /// <summary>Refuse the user's tokens (401 account_deleted) on every instance and keep their data; lifted when Auther lists them again.</summary>
    Block,

    /// <summary>Delete the shadow row as <c>user.deleted</c> would (scrubbed audit, cascade, tombstone).</summary>
    Delete,

    /// <summary>Only list them.</summary>
    Report,
}
