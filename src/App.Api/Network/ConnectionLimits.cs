namespace App.Api.Network;

/// <summary>
/// How many connections Kestrel holds at once. Without a cap, a flood of idle connections used every file
/// descriptor: accept() then failed in a tight loop (tens of thousands of log lines a second, then out of
/// memory), a listener stopped accepting for good, the runtime's own timers failed. Kestrel accepts and at once
/// closes a connection over the cap, so the process keeps descriptors for its database pool, calls to Auther
/// and its own files. By default the cap is derived from the open-file soft limit (<see cref="Derive"/>);
/// <c>Network:MaxConnections</c> and <c>Network:MaxUpgradedConnections</c> set it. Per-client caps belong in the
/// reverse proxy (docs/operations.md): this one keeps the process alive, it cannot tell one client from another.
/// </summary>
public sealed class ConnectionLimits(long? connections, long? upgraded, int listeners, int backlog, OpenFileLimit? files)
{
    /// <summary>Kestrel's default listen backlog.</summary>
    public const int DefaultBacklog = 512;

    /// <summary>Descriptors kept for everything but inbound connections: ~400 at rest (assemblies, pipes, timers), the database pool, outbound calls.</summary>
    public const long MaxReserve = 1024;

    /// <summary>In all; Kestrel counts per listening socket, so each gets <see cref="PerListener"/> of it.</summary>
    public long? Connections { get; } = connections;

    /// <summary>WebSocket-style upgrades leave Kestrel's connection count, so they have a budget of their own.</summary>
    public long? Upgraded { get; } = upgraded;

    public int Listeners { get; } = listeners;

    /// <summary>
    /// Connections the kernel queues per listening socket. A flood that arrives while the app is busy is accepted
    /// in one burst, each holding a descriptor until Kestrel closes it, so the backlog shrinks with a small limit.
    /// </summary>
    public int Backlog { get; } = backlog;

    public long? PerListener(long? total) => total is { } t ? Math.Max(1, t / Listeners) : null;

    public OpenFileLimit? Files { get; } = files;

    /// <summary>
    /// Half the soft limit is reserved, at most <see cref="MaxReserve"/> descriptors, and each listener's backlog
    /// (a sixteenth of the soft limit, 64 to 512); of the rest, 90 % for connections and 10 % for upgraded ones.
    /// With two listeners, a soft limit of 1024 gives 345 and 39; 65,536 gives 57,139 and 6,349.
    /// </summary>
    public static ConnectionLimits Derive(NetworkOptions options, OpenFileLimit? files, IConfiguration configuration)
    {
        var listeners = ListenerCount(configuration);
        var known = files is { Soft: > 0 and < long.MaxValue };
        var backlog = known ? (int)Math.Clamp(files!.Soft / 16, 64, DefaultBacklog) : DefaultBacklog;
        var budget = known ? Math.Max(listeners * 2, files!.Soft - Math.Min(MaxReserve, files.Soft / 2) - (long)listeners * backlog) : (long?)null;
        var connections = options.MaxConnections ?? budget * 9 / 10;
        var upgraded = options.MaxUpgradedConnections ?? (budget is { } b ? Math.Max(1, b - (b * 9 / 10)) : null);
        return new ConnectionLimits(connections, upgraded, listeners, backlog, files);
    }

    /// <summary>
    /// The sockets Kestrel will listen on, from the same settings it binds (<c>urls</c>, <c>Kestrel:Endpoints</c>,
    /// <c>http_ports</c>): <c>localhost</c> is two (IPv4 and IPv6 loopback), any other host one (<c>*</c> and
    /// <c>+</c> are one dual-stack socket). Nothing set means Kestrel's default, <c>http://localhost:5000</c>.
    /// </summary>
    public static int ListenerCount(IConfiguration configuration)
    {
        var urls = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().ToList();
        if (urls.Count == 0)
        {
            urls = Split(configuration["urls"]);
        }

        if (urls.Count == 0)
        {
            urls = [.. Split(configuration["http_ports"]).Select(p => $"http://*:{p}"), .. Split(configuration["https_ports"]).Select(p => $"https://*:{p}")];
        }

        var count = urls.Sum(url => Uri.TryCreate(url.Replace("*", "any", StringComparison.Ordinal).Replace("+", "any", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                                    && uri.Host == "localhost" ? 2 : 1);
        return count > 0 ? count : 2;
    }

    private static List<string> Split(string? value) => value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() ?? [];
}
