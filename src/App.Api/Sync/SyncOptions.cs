using Microsoft.Extensions.Options;

namespace App.Api.Sync;

/// <summary>The poll of Auther's recently changed users. Section <c>Sync</c>.</summary>
public sealed class SyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>Poll in the background; one instance at a time does it (a database lock elects it).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between polls: a ban made in Auther reaches every instance within about this long.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Users per list-users request; a quiet interval needs one request.</summary>
    public int PageSize { get; set; } = 100;
}

public sealed class SyncOptionsValidator : IValidateOptions<SyncOptions>
{
    public ValidateOptionsResult Validate(string? name, SyncOptions options)
    {
        var failures = new List<string>();
        if (options.Interval < TimeSpan.FromMilliseconds(100) || options.Interval > TimeSpan.FromDays(1))
        {
            failures.Add($"Sync:Interval is {options.Interval}; it must be between 00:00:00.1 and 1.00:00:00, e.g. 00:00:30 (Sync__Interval or SYNC_INTERVAL).");
        }

        if (options.PageSize is < 1 or > 1000)
        {
            failures.Add($"Sync:PageSize is {options.PageSize}; it must be between 1 and 1000 (Sync__PageSize).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
