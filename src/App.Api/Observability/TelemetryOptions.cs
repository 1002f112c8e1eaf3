using Microsoft.Extensions.Options;

namespace App.Api.Observability;

/// <summary>Where OTLP export goes, when anywhere (the standard variable, read through configuration).</summary>
public sealed class TelemetryOptions
{
    public string? OtlpEndpoint { get; set; }
}

public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options) =>
        string.IsNullOrWhiteSpace(options.OtlpEndpoint) ||
        (Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{TelemetrySetup.OtlpEndpointSetting} '{options.OtlpEndpoint}' is not an http(s) URL like http://otel-collector:4317 (unset it to turn OTLP export off).");
}
