using Microsoft.Extensions.Options;

namespace App.Api.Webhooks;

/// <summary>Stops start-up with one line per bad setting, naming it, like the Auther settings.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public const int MinBodyBytes = 1024;
    public const int MaxBodyBytesLimit = 10 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();

        if (!options.AcceptSvix && !options.AcceptNative)
        {
            failures.Add("Webhooks:AcceptSvix and Webhooks:AcceptNative are both false; enable at least one format (Webhooks__AcceptSvix, Webhooks__AcceptNative).");
        }

        Positive(failures, options.SvixTolerance, "SvixTolerance");
        Positive(failures, options.NativeTolerance, "NativeTolerance");
        Positive(failures, options.PurgeInterval, "PurgeInterval");
        if (options.FutureTolerance < TimeSpan.Zero)
        {
            failures.Add($"Webhooks:FutureTolerance must not be negative (Webhooks__FutureTolerance, e.g. 00:05:00).");
        }

        if (options.MaxBodyBytes is < MinBodyBytes or > MaxBodyBytesLimit)
        {
            failures.Add($"Webhooks:MaxBodyBytes is {options.MaxBodyBytes}; it must be between {MinBodyBytes} and {MaxBodyBytesLimit} (Webhooks__MaxBodyBytes).");
        }

        var widest = options.SvixTolerance > options.NativeTolerance ? options.SvixTolerance : options.NativeTolerance;
        if (options.InboxRetention <= widest + options.FutureTolerance)
        {
            failures.Add($"Webhooks:InboxRetention ({options.InboxRetention}) must be longer than the widest signature window ({widest + options.FutureTolerance}), or a replayed delivery would be applied again (Webhooks__InboxRetention).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Webhooks:{key} must be positive (Webhooks__{key}, e.g. 00:05:00).");
        }
    }
}
