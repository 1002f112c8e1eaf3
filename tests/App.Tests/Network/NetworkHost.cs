using System.Net;
using App.Api.Errors;
using App.Api.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace App.Tests.Network;

/// <summary>
/// The app's network pieces (forwarded headers, CORS, rate limits) in a small in-memory host with one
/// rate-limited endpoint that echoes the client address the app sees. <c>X-Test-Peer</c> plays the TCP peer.
/// </summary>
public sealed class NetworkHost : IAsyncDisposable
{
    public const string PeerHeader = "X-Test-Peer";

    private readonly WebApplication _app;

    private NetworkHost(WebApplication app) => _app = app;

    public static async Task<NetworkHost> StartAsync(IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        // No database here: budgets are counted in memory (SharedRateLimitTests covers the shared mode).
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimits:Shared"] = "false" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAppProblemDetails();
        builder.Services.AddAppNetwork();
        builder.Services.AddAppRateLimiting();

        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
            }

            return next(context);
        });
        app.UseAppForwardedHeaders();
        app.UseAppProblemDetails();
        app.UseRouting();
        app.UseAppCors();
        app.UseAppRateLimiting();
        app.MapGet("/whoami", (HttpContext context) => new { ip = context.Connection.RemoteIpAddress?.ToString(), scheme = context.Request.Scheme })
            .RequireRateLimiting(RateLimitPolicies.PerIp);
        await app.StartAsync();
        return new NetworkHost(app);
    }

    public HttpClient CreateClient() => _app.GetTestClient();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
