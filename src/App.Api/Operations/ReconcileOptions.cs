using Microsoft.Extensions.Options;

namespace App.Api.Operations;

/// <summary>Reconciliation against Auther's user list. Section <c>Reconcile</c>.</summary>
public sealed class ReconcileOptions
{
    public const string SectionName = "Reconcile";

    /// <summary>Run in the background on every instance's schedule; a database lock lets one instance at a time do it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between background runs (the first one starts one interval after start-up).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Delete shadow users that Auther no longer has. Off by default: they are only reported.</summary>
    public bool DeleteMissing { get; set; }

    /// <summary>Deletion is refused when Auther lists fewer users than this fraction of the local ones.</summary>
    public double MinAutherFraction { get; set; } = 0.5;

    /// <summary>Deletion is refused when it would remove more users than this in one run.</summary>
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
            failures.Add("Reconcile:Interval must be at least one minute (Reconcile__Interval).");
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
