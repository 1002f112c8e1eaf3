using System.Net;
using System.Net.Sockets;
using App.Tests.Infrastructure;
using App.Web.Data;
using App.Web.Hosting;
using Auther.Dev;
using Auther.Dev.Oidc;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Browser.Tests;

/// <summary>
/// The whole web stack on loopback sockets: the API (real PostgreSQL) and its local Auther, which knows the web app
/// as a confidential OAuth client and the one-file SPA as a public one, and two instances of the web app on the
/// same database, as behind a load balancer. The ports are chosen first, because Auther must know the redirect URIs.
/// </summary>
public class WebAppFixture : ApiFixture, IAsyncLifetime
{
    public const string WebClientId = "web-app";
    public const string WebClientSecret = "test-web-client-secret-0123456789abcdef";
    public const string SpaClientId = "spa";

    private readonly Ports _ports;
    private readonly List<WebApplicationFactory<WebEntryPoint>> _webInstances = [];
    private SpaHost? _spa;

    public WebAppFixture()
        : this(AutherMode.Documented)
    {
    }

    protected WebAppFixture(AutherMode mode)
        : this(Ports.Pick(), mode)
    {
    }

    private WebAppFixture(Ports ports, AutherMode mode)
        : base(Variation(ports, mode)) => _ports = ports;

    /// <summary>The first web instance.</summary>
    public Uri Web => new(Origin(_ports.Web));

    /// <summary>The second web instance: same database, same sessions.</summary>
    public Uri SecondWeb => new(Origin(_ports.SecondWeb));

    /// <summary>The first web instance's services.</summary>
    public IServiceProvider WebServices => _webInstances[0].Services;

    /// <summary>The one-file SPA of docs/spa, served from an origin of its own.</summary>
    public Uri Spa => new(Origin(_ports.Spa));

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var options = new DbContextOptionsBuilder<WebDbContext>();
        WebDbContext.Configure(options, ConnectionString);
        await using (var db = new WebDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
        }

        _webInstances.Add(StartWeb(_ports.Web));
        _webInstances.Add(StartWeb(_ports.SecondWeb));
        _spa = await SpaHost.StartAsync(_ports.Spa, Auther.BaseUrl, Address);
    }

    public override async Task DisposeAsync()
    {
        foreach (var web in _webInstances)
        {
            await web.DisposeAsync();
        }

        if (_spa is not null)
        {
            await _spa.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>A user in Auther with a password; an admin also gets the app's row with role admin, as Auther's poll would write it.</summary>
    public async Task<TestUser> CreateUserAsync(string role = "user")
    {
        var id = TestData.NewUserId();
        var user = new TestUser(id, $"{id}@example.com", $"pw-{Guid.NewGuid():N}");
        Auther.CreateUser(user.Email, $"Person {id[^6..]}", id, role, password: user.Password);
        if (role == "admin")
        {
            await using var db = CreateDbContext();
            db.Users.Add(new App.Data.Users.User
            {
                Id = id, Email = user.Email, Role = "admin", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
                LastEventAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        return user;
    }

    private WebApplicationFactory<WebEntryPoint> StartWeb(int port)
    {
        var web = new WebApplicationFactory<WebEntryPoint>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Default"] = ConnectionString,
                ["Api:Url"] = Address.ToString().TrimEnd('/'),
                ["Auther:Url"] = Auther.BaseUrl.ToString().TrimEnd('/'),
                ["Auther:ClientId"] = WebClientId,
                ["Auther:ClientSecret"] = WebClientSecret,
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        });
        web.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        web.StartServer();
        return web;
    }

    private static ApiVariation Variation(Ports ports, AutherMode mode) => new()
    {
        RealSocket = true,
        Settings =
        {
            // The API accepts id_tokens issued to the web app and to the SPA, and the SPA's origin by CORS.
            ["Auther:Audiences:0"] = WebClientId,
            ["Auther:Audiences:1"] = SpaClientId,
            ["Cors:AllowedOrigins:0"] = Origin(ports.Spa),
        },
        Auther = options =>
        {
            options.Mode = mode;
            var web = new OidcClientOptions { ClientId = WebClientId, ClientSecret = WebClientSecret };
            web.RedirectUris.Add($"{Origin(ports.Web)}/signin-oidc");
            web.RedirectUris.Add($"{Origin(ports.SecondWeb)}/signin-oidc");
            var spa = new OidcClientOptions { ClientId = SpaClientId };
            spa.RedirectUris.Add($"{Origin(ports.Spa)}/");
            options.OidcClients.Add(web);
            options.OidcClients.Add(spa);
            options.CorsOrigins.AddRange([Origin(ports.Web), Origin(ports.SecondWeb), Origin(ports.Spa)]);
        },
    };

    private static string Origin(int port) => $"http://127.0.0.1:{port}";

    private sealed record Ports(int Web, int SecondWeb, int Spa)
    {
        public static Ports Pick() => new(Free(), Free(), Free());

        private static int Free()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

/// <summary>The same stack with the local Auther behaving as the deployed one: opaque access tokens, so the web app forwards the id_token.</summary>
public sealed class DeployedWebAppFixture() : WebAppFixture(AutherMode.Deployed);

public sealed record TestUser(string Id, string Email, string Password);
