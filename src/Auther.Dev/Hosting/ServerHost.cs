using System.Net;
using Auther.Dev.Admin;
using Auther.Dev.ApiKeys;
using Auther.Dev.Dashboard;
using Auther.Dev.Grants;
using Auther.Dev.Keys;
using Auther.Dev.Oidc;
using Auther.Dev.Operator;
using Auther.Dev.Permissions;
using Auther.Dev.Sessions;
using Auther.Dev.SignInPages;
using Auther.Dev.Tokens;
using Auther.Dev.Users;
using Auther.Dev.Webhooks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Auther.Dev.Hosting;

/// <summary>Builds the web host: real Kestrel on the configured address, every route, nothing read from the environment.</summary>
internal static class ServerHost
{
    public static WebApplication Build(AutherDevOptions options, out AutherDevCore core)
    {
        // An empty builder: an Auther started inside another app's test run must not pick up that app's
        // appsettings, environment variables or URLs.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(ServerHost).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            // "localhost" means both loopbacks, so http://localhost:PORT works whichever the client resolves first
            // (Kestrel cannot pick a free port for both at once, hence 127.0.0.1 when the port is 0).
            if (options.Host == "localhost" && options.Port != 0)
            {
                kestrel.ListenLocalhost(options.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(options.Host == "localhost" ? "127.0.0.1" : options.Host), options.Port);
            }
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddCors();
        // The sign-in forms' antiforgery tokens; keys in memory: a restart only makes an open form ask for a retry.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "auther-dev.antiforgery");
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.LogLevel)
            .AddFilter("Microsoft", LogLevel.Warning);
        if (!options.HandleConsoleSignals)
        {
            builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(services => new AutherDevCore(options, services.GetRequiredService<ILoggerFactory>()));

        var app = builder.Build();
        core = app.Services.GetRequiredService<AutherDevCore>();
        app.UseBrowserCors(options);
        app.UseMiddleware<FaultMiddleware>();
        app.UseRouting();

        var dev = app.MapGroup("/api/auth/dev").AddEndpointFilter<DevOnlyFilter>()
            .AddEndpointFilter(new Errors.ErrorShapeFilter(Errors.ErrorShape.BetterAuth));
        var site = app.MapGroup("/dev").AddEndpointFilter<DevOnlyFilter>();

        app.MapKeys(dev);
        app.MapSignUp();
        app.MapSessions();
        app.MapOidc(dev, options);
        app.MapSignInPages(options);
        app.MapAdmin(core);
        app.MapCheckPermission(core);
        app.MapApiKeyExchange();
        dev.MapTokens();
        dev.MapDevSignIn();
        dev.MapOperator();
        dev.MapGrants();
        dev.MapDevWebhooks(site);
        app.MapDashboard(site);
        return app;
    }

    /// <summary>The address Kestrel really bound (the port is chosen at start when 0 was asked).</summary>
    public static Uri BoundAddress(WebApplication app, AutherDevOptions options)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
        var host = options.Host switch
        {
            "localhost" when options.Port == 0 => "127.0.0.1",
            "0.0.0.0" or "localhost" => "localhost",
            _ => options.Host,
        };
        return new Uri($"http://{host}:{port}/");
    }

    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
