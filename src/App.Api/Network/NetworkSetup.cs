using System.Net;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace App.Api.Network;

/// <summary>
/// What every web API here needs from the network: the real client address and scheme behind the
/// configured proxies only (rate limits and audit rows read <c>Connection.RemoteIpAddress</c>), CORS
/// for the configured browser origins only, and a cap on concurrent connections (<see cref="ConnectionLimits"/>).
/// </summary>
public static class NetworkSetup
{
    private static readonly string[] ExposedHeaders = ["Location", "Retry-After", "WWW-Authenticate"];

    public static IServiceCollection AddAppNetwork(this IServiceCollection services)
    {
        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.SectionName).ValidateOnStart();
        services.AddOptions<CorsSettings>().BindConfiguration(CorsSettings.SectionName).ValidateOnStart();
        services.TryAddSingleton<NetworkSettingsValidator>();
        services.AddSingleton<IValidateOptions<NetworkOptions>>(sp => sp.GetRequiredService<NetworkSettingsValidator>());
        services.AddSingleton<IValidateOptions<CorsSettings>>(sp => sp.GetRequiredService<NetworkSettingsValidator>());

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<NetworkOptions>>((forwarded, network) =>
        {
            // The framework trusts loopback by default, and trusts everyone when both lists are empty:
            // with no proxy configured the headers are not read at all.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            forwarded.ForwardedHeaders = network.Value.TrustsAnyProxy
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
            // Walk back through every trusted hop, stopping at the first address that is not a known proxy.
            forwarded.ForwardLimit = null;
            foreach (var proxy in network.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var range in network.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(range));
            }
        });

        services.AddSingleton(sp => ConnectionLimits.Derive(sp.GetRequiredService<IOptions<NetworkOptions>>().Value, OpenFileLimit.Read(),
            sp.GetRequiredService<IConfiguration>()));
        // Kestrel applies these per listening socket: the total is shared among them.
        services.AddOptions<KestrelServerOptions>().Configure<ConnectionLimits>((kestrel, limits) =>
        {
            kestrel.Limits.MaxConcurrentConnections = limits.PerListener(limits.Connections);
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.PerListener(limits.Upgraded);
        });
        services.AddOptions<SocketTransportOptions>().Configure<ConnectionLimits>((sockets, limits) => sockets.Backlog = limits.Backlog);
        services.AddHostedService<RefusedConnectionLog>();

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((cors, settings) =>
            cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. settings.Value.AllowedOrigins])
                .AllowAnyHeader()
                .AllowAnyMethod()
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }

    /// <summary>First in the pipeline, so everything after it (logs, rate limits, audit) sees the client's address.</summary>
    public static IApplicationBuilder UseAppForwardedHeaders(this IApplicationBuilder app) => app.UseForwardedHeaders();

    /// <summary>After routing and before authentication: a preflight is answered here, without a token.</summary>
    public static IApplicationBuilder UseAppCors(this IApplicationBuilder app) => app.UseCors();
}
