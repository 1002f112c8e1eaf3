using System.Net;
using Microsoft.Extensions.Options;

namespace App.Api.Network;

/// <summary>Start-up checks for the network settings, naming the entry at fault.</summary>
public sealed class NetworkSettingsValidator :
    IValidateOptions<NetworkOptions>, IValidateOptions<CorsSettings>, IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                failures.Add($"Network:KnownProxies:{i} '{options.KnownProxies[i]}' is not an IP address (Network__KnownProxies__{i}).");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                failures.Add($"Network:KnownNetworks:{i} '{options.KnownNetworks[i]}' is not a network in CIDR notation like 10.0.0.0/8 (Network__KnownNetworks__{i}).");
            }
        }

        if (options.MaxConnections is < 1)
        {
            failures.Add("Network:MaxConnections must be at least 1 (Network__MaxConnections); leave it unset to derive it from the open-file limit.");
        }

        if (options.MaxUpgradedConnections is < 0)
        {
            failures.Add("Network:MaxUpgradedConnections must not be negative (Network__MaxUpgradedConnections).");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, CorsSettings options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.AllowedOrigins.Count; i++)
        {
            if (!IsOrigin(options.AllowedOrigins[i]))
            {
                failures.Add($"Cors:AllowedOrigins:{i} '{options.AllowedOrigins[i]}' is not an origin like https://app.example.com (Cors__AllowedOrigins__{i}).");
            }
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        if (options.PerIp.PermitLimit < 1)
        {
            failures.Add("RateLimits:PerIp:PermitLimit must be at least 1 (RateLimits__PerIp__PermitLimit).");
        }

        if (options.PerIp.Window <= TimeSpan.Zero || options.PerIp.Window > RateLimitStore.MaxWindow)
        {
            failures.Add("RateLimits:PerIp:Window must be a positive duration of at most a day, like 00:01:00 (RateLimits__PerIp__Window).");
        }

        return Result(failures);
    }

    // An origin is scheme://host[:port] and nothing else; a trailing slash or a path never matches a browser's Origin header.
    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), value, StringComparison.OrdinalIgnoreCase);

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
