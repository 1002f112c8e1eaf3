using Microsoft.Extensions.Options;

namespace App.Api.Hosting;

/// <summary>How the instance leaves when told to stop (SIGTERM). Section <c>Shutdown</c>.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// How long the instance keeps serving after <c>/health/ready</c> turns 503, so load balancers and the
    /// orchestrator take it out of rotation before it stops accepting connections.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After the drain: how long requests already accepted (and background work) get to finish before they are cut.</summary>
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The whole stop, drain included: what the orchestrator's grace period must exceed.</summary>
    public TimeSpan Total => DrainDelay + InFlightTimeout;
}

public sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        var failures = new List<string>();
        if (options.DrainDelay < TimeSpan.Zero || options.DrainDelay > Ceiling)
        {
            failures.Add($"Shutdown:DrainDelay is {options.DrainDelay}; it must be between 00:00:00 and 00:10:00, e.g. 00:00:05 (Shutdown__DrainDelay).");
        }

        if (options.InFlightTimeout < TimeSpan.Zero || options.InFlightTimeout > Ceiling)
        {
            failures.Add($"Shutdown:InFlightTimeout is {options.InFlightTimeout}; it must be between 00:00:00 and 00:10:00, e.g. 00:00:20 (Shutdown__InFlightTimeout).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
