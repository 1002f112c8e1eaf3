using System.Diagnostics;

namespace App.TestSupport.Cluster;

/// <summary>What a local cluster is made of.</summary>
public sealed record ClusterOptions
{
    /// <summary>The API's settings (<c>Section:Key</c>) for every instance; <c>ConnectionStrings:Default</c> names the database itself.</summary>
    public required IReadOnlyDictionary<string, string?> Settings { get; init; }

    public int Instances { get; init; } = 3;

    /// <summary>Queries through a PgBouncer in transaction mode (Default), LISTEN and locks straight to PostgreSQL (Direct).</summary>
    public bool ThroughPooler { get; init; } = true;

    /// <summary><c>Shutdown:DrainDelay</c> of every instance: a few load-balancer check intervals.</summary>
    public TimeSpan DrainDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>HAProxy's health-check interval.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>How one instance's restart went.</summary>
public sealed record RestartResult(int Instance, int ExitCode, TimeSpan OutOfRotation, TimeSpan Exited, TimeSpan BackInRotation);

/// <summary>
/// N API processes behind HAProxy on loopback ports, optionally through PgBouncer: the production topology in
/// miniature. <see cref="RestartAsync"/> does what an orchestrator's rolling update does to one instance.
/// </summary>
public sealed class ApiCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly ClusterOptions _options;
    private readonly Dictionary<string, string> _environment;
    private readonly List<ApiInstance> _instances = [];
    private PgBouncer? _pooler;
    private HaProxy? _proxy;

    private ApiCluster(ClusterOptions options, Dictionary<string, string> environment)
    {
        _options = options;
        _environment = environment;
    }

    public HaProxy Proxy => _proxy ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>Where clients connect: the load balancer.</summary>
    public Uri Address => Proxy.Address;

    public IReadOnlyList<ApiInstance> Instances => _instances;

    /// <summary>The database itself (what <c>ConnectionStrings:Direct</c> names).</summary>
    public string DirectConnectionString => _options.Settings["ConnectionStrings:Default"]!;

    public static async Task<ApiCluster> StartAsync(ClusterOptions options)
    {
        var settings = new Dictionary<string, string?>(options.Settings)
        {
            ["Shutdown:DrainDelay"] = options.DrainDelay.ToString("c"),
        };
        var cluster = new ApiCluster(options, []);
        try
        {
            if (options.ThroughPooler)
            {
                cluster._pooler = await PgBouncer.StartAsync(cluster.DirectConnectionString);
                settings["ConnectionStrings:Default"] = cluster._pooler.Through(cluster.DirectConnectionString);
                settings["ConnectionStrings:Direct"] = cluster.DirectConnectionString;
            }

            foreach (var (key, value) in ApiInstance.EnvironmentFor(settings))
            {
                cluster._environment[key] = value;
            }

            for (var i = 0; i < options.Instances; i++)
            {
                cluster._instances.Add(ApiInstance.Start(OwnedProcess.FreePort(), cluster._environment));
            }

            await Task.WhenAll(cluster._instances.Select(i => i.WaitReadyAsync(StartTimeout)));
            cluster._proxy = await HaProxy.StartAsync(cluster._instances.Select(i => i.Port).ToList(), options.CheckInterval);
            foreach (var index in Enumerable.Range(0, options.Instances))
            {
                await cluster.Proxy.WaitUntilAsync(ServerName(index), "UP", TimeSpan.FromSeconds(30));
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// SIGTERM, then the same instance started anew on the same port once the old one has exited; returns when
    /// the load balancer sends it traffic again.
    /// </summary>
    public async Task<RestartResult> RestartAsync(int index)
    {
        var name = ServerName(index);
        var old = _instances[index];
        var clock = Stopwatch.StartNew();
        old.Terminate();
        await Proxy.WaitUntilAsync(name, "DOWN", _options.DrainDelay + TimeSpan.FromSeconds(10));
        var outOfRotation = clock.Elapsed;
        var exitCode = await old.WaitForExitAsync(_options.DrainDelay + TimeSpan.FromSeconds(40));
        var exited = clock.Elapsed;
        await old.DisposeAsync();

        var fresh = ApiInstance.Start(old.Port, _environment);
        _instances[index] = fresh;
        await fresh.WaitReadyAsync(StartTimeout);
        await Proxy.WaitUntilAsync(name, "UP", TimeSpan.FromSeconds(30));
        return new RestartResult(index + 1, exitCode, outOfRotation, exited, clock.Elapsed);
    }

    public static string ServerName(int index) => $"api{index + 1}";

    /// <summary>The output of every instance that is running now, for a failure message.</summary>
    public string Diagnostics() => string.Join("\n", _instances.Select(i => i.Output())) + "\n" + _proxy?.Output() + "\n" + _pooler?.Log();

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        if (_pooler is not null)
        {
            await _pooler.DisposeAsync();
        }
    }
}
