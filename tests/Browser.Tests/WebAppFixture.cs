using System.Net;
using System.Net.Sockets;
using App.Tests.Infrastructure;
using App.Web.Data;
using App.Web.Hosting;
using App.Web.Sessions;
using Auther.Dev;
using Auther.Dev.Oidc;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
    private readonly IReadOnlyDictionary<string, string?> _webSettings;
    private readonly List<WebApplicationFactory<WebEntryPoint>> _webInstances = [];
    private SpaHost? _spa;

    public WebAppFixture()
        : this(AutherMode.Documented)
    {
    }

    /// <param name="tokenLifetime">How long Auther's id_tokens (documented: access tokens too) live; <c>null</c>: its own.</param>
    /// <param name="webSettings">Settings every web instance gets on top of the fixture's.</param>
    protected WebAppFixture(AutherMode mode, TimeSpan? tokenLifetime = null, IReadOnlyDictionary<string, string?>? webSettings = null)
        : this(Ports.Pick(), mode, tokenLifetime, webSettings ?? new Dictionary<string, string?>())
    {
    }

    private WebAppFixture(Ports ports, AutherMode mode, TimeSpan? tokenLifetime, IReadOnlyDictionary<string, string?> webSettings)
        : base(Variation(ports, mode, tokenLifetime))
    {
        _ports = ports;
        _webSettings = webSettings;
    }

    /// <summary>The first web instance.</summary>
    public Uri Web => new(Origin(_ports.Web));

    /// <summary>The second web instance: same database, same sessions.</summary>
    public Uri SecondWeb => new(Origin(_ports.SecondWeb));

    /// <summary>The first web instance's services.</summary>
    public IServiceProvider WebServices => _webInstances[0].Services;

    /// <summary>The second web instance's services.</summary>
    public IServiceProvider SecondWebServices => _webInstances[1].Services;

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
        await WhenListeningAsync(_webInstances);
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

    /// <summary>
    /// One more web instance on the same database (sessions signed in elsewhere work there: the browser sends this
    /// host's cookie to every port), with <paramref name="overrides"/> such as an API or an Auther that is down.
    /// Auther knows no redirect URI of it: it cannot complete a sign-in of its own.
    /// </summary>
    public async Task<Uri> StartExtraWebAsync(IReadOnlyDictionary<string, string?> overrides)
    {
        var port = Ports.Free();
        var web = StartWeb(port, overrides);
        _webInstances.Add(web);
        await WhenListeningAsync([web]);
        return new Uri(Origin(port));
    }

    /// <summary>An address on loopback where nothing listens: a dependency that is down.</summary>
    public static string DeadAddress() => Origin(Ports.Free());

    private WebApplicationFactory<WebEntryPoint> StartWeb(int port, IReadOnlyDictionary<string, string?>? overrides = null)
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
            }.Concat(_webSettings).Concat(overrides ?? new Dictionary<string, string?>())
                .GroupBy(setting => setting.Key).ToDictionary(g => g.Key, g => g.Last().Value)));
        });
        web.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        web.StartServer();
        return web;
    }

    /// <summary>
    /// Until each instance listens for sign-outs it caches no session: tests about the cache would prove nothing.
    /// </summary>
    public static async Task WhenListeningAsync(IEnumerable<WebApplicationFactory<WebEntryPoint>> instances)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var cache in instances.Select(web => web.Services.GetRequiredService<SessionCache>()))
        {
            while (!cache.Synchronised)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException("A web instance did not start listening for session sign-outs within 30 s.");
                }

                await Task.Delay(20);
            }
        }
    }

    private static ApiVariation Variation(Ports ports, AutherMode mode, TimeSpan? tokenLifetime) => new()
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
            options.OidcTokenLifetime = tokenLifetime;
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

        public static int Free() => App.TestSupport.FreePorts.Pick();
    }
}

public sealed record TestUser(string Id, string Email, string Password);
