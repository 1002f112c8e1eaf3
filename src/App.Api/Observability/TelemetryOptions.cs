using Microsoft.Extensions.Options;

namespace App.Api.Observability;

/// <summary>
/// Where OTLP export goes, when anywhere (the standard variable, read through configuration), and whether the
/// per-request framework detail is collected (<c>Metrics:Detailed</c>, as written: validated below).
/// </summary>
public sealed class TelemetryOptions
{
    public string? OtlpEndpoint { get; set; }

    public string? Detailed { get; set; }

    public static bool IsTrue(string? setting) => bool.TryParse(setting, out var value) && value;
}

public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint) &&
            !(Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            failures.Add($"{TelemetrySetup.OtlpEndpointSetting} '{options.OtlpEndpoint}' is not an http(s) URL like http://otel-collector:4317 (unset it to turn OTLP export off).");
        }

        if (!string.IsNullOrWhiteSpace(options.Detailed) && !bool.TryParse(options.Detailed, out _))
        {
            failures.Add($"{TelemetrySetup.DetailedSetting} '{options.Detailed}' is not true or false (leave it unset for false).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
