using Auther.Dev;

namespace App.Tests.Infrastructure;

/// <summary>
/// What one API fixture changes from the default set-up, and only that: the lifecycle (database, local Auther,
/// API host) stays <see cref="ApiFixture"/>'s. A variation is one line, e.g.
/// <c>public sealed class LegacyOffFixture() : ApiFixture(new() { Settings = { ["Auth:Legacy:Enabled"] = "false" } });</c>
/// </summary>
public sealed class ApiVariation
{
    /// <summary>Settings laid over the defaults of <see cref="ApiFixture"/>; a null value leaves that setting unset.</summary>
    public Dictionary<string, string?> Settings { get; init; } = [];

    /// <summary>Adjusts the local Auther (algorithm, mode, OIDC clients) before it starts.</summary>
    public Action<AutherDevOptions> Auther { get; init; } = _ => { };

    /// <summary>The host environment; "Testing" unless a test is about what only one environment does.</summary>
    public string Environment { get; init; } = "Testing";

    /// <summary>Serve on a loopback port instead of the in-memory TestServer, so other processes can call in.</summary>
    public bool RealSocket { get; init; }
}
