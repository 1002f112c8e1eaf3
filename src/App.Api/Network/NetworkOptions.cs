namespace App.Api.Network;

/// <summary>
/// Which reverse proxies may tell the app the client's address and scheme (section <c>Network</c>).
/// Empty by default: then <c>X-Forwarded-*</c> headers are ignored, because anyone could send them.
/// </summary>
public sealed class NetworkOptions
{
    public const string SectionName = "Network";

    /// <summary>Single proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Connections Kestrel holds at once; unset, derived from the open-file limit (<see cref="ConnectionLimits"/>).</summary>
    public long? MaxConnections { get; set; }

    /// <summary>Upgraded (WebSocket) connections held at once; unset, derived likewise.</summary>
    public long? MaxUpgradedConnections { get; set; }

    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
