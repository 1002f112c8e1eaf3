using System.Net.Http.Headers;
using System.Security.Cryptography;
using App.Data;
using App.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Interop.Tests.Infrastructure;

/// <summary>
/// One test class's world: the interop better-auth (Node), a freshly migrated PostgreSQL database, a
/// service admin made in better-auth the way an operator makes one, and the app in-process configured
/// against that better-auth as it would be against the deployed Auther.
/// </summary>
public class InteropFixture : IAsyncLifetime
{
    public const string AdminEmail = "service-admin@interop.test";
    public static readonly string AdminPassword = "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    /// <summary>How often the app polls better-auth's user list (30 s by default; short so a check need not wait).</summary>
    public static readonly TimeSpan SyncInterval = TimeSpan.FromSeconds(2);

    private InteropAuther? _auther;
    private WebApplicationFactory<Program>? _app;

    public InteropAuther Auther => _auther ?? throw new InvalidOperationException("Fixture not initialised");

    public BetterAuthClient BetterAuth => Auther.Client;

    public WebApplicationFactory<Program> App => _app ?? throw new InvalidOperationException("Fixture not initialised");

    public string ConnectionString { get; private set; } = string.Empty;

    public string AdminId { get; private set; } = string.Empty;

    /// <summary>The service admin's signed session cookie, as an operator's browser holds it.</summary>
    public string AdminCookie { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _auther = await InteropAuther.StartAsync();
        ConnectionString = await TestDatabases.CreateMigratedAsync(GetType().Name);
        AdminId = await BetterAuth.SignUpAsync(AdminEmail, AdminPassword, "Service Admin");
        await BetterAuth.SetRoleAsync(AdminId, "admin");
        AdminCookie = await BetterAuth.SignInAsync(AdminEmail, AdminPassword);
        _app = CreateApp();
    }

    /// <summary>An instance of the app on this fixture's database and better-auth, with some settings changed.</summary>
    public WebApplicationFactory<Program> CreateApp(IDictionary<string, string?>? overrides = null)
    {
        var settings = Settings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        });
        app.StartServer();
        return app;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_auther is not null)
        {
            await _auther.DisposeAsync();
        }

        if (ConnectionString.Length > 0)
        {
            await TestDatabases.DropAsync(ConnectionString);
        }
    }

    /// <summary>A new user signed up and signed in straight in better-auth; each test makes its own.</summary>
    public async Task<InteropUser> NewUserAsync(string tag)
    {
        var email = $"{tag}-{Guid.NewGuid():N}@interop.test";
        var password = "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var id = await BetterAuth.SignUpAsync(email, password, $"User {tag}");
        return new InteropUser(id, email, password, await BetterAuth.SignInAsync(email, password));
    }

    /// <summary>A client of the app that sends <paramref name="token"/> as a bearer token.</summary>
    public HttpClient AppClient(string? token = null)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public AppDbContext CreateDbContext() => TestDatabases.CreateContext(ConnectionString);

    /// <summary>
    /// The app's settings against this better-auth, as an operator writes them for the deployed Auther:
    /// both issuers (session JWTs and id_tokens), the session-JWT audience and both OAuth client ids.
    /// </summary>
    protected virtual IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Default"] = ConnectionString,
        ["Log:Format"] = "text",
        ["Serilog:MinimumLevel:Default"] = "Warning",
        ["Auther:Url"] = Auther.Origin,
        ["Auther:Issuers:0"] = Auther.Origin,
        ["Auther:Issuers:1"] = InteropAuther.JwtIssuer,
        ["Auther:Audience"] = InteropAuther.JwtAudience,
        ["Auther:Audiences:0"] = InteropAuther.JwtAudience,
        ["Auther:Audiences:1"] = InteropAuther.WebClientId,
        ["Auther:Audiences:2"] = InteropAuther.MobileClientId,
        // The interop Auther sends no webhooks (the deployed one tells the app almost nothing), but the app needs a secret.
        ["Auther:WebhookSecrets:0"] = "whsec_aW50ZXJvcC11bnVzZWQtd2ViaG9vay1zZWNyZXQ=",
        ["Auther:SignupSecret"] = InteropAuther.SignupSecret,
        ["Auther:AdminAuth"] = "SessionCookie",
        ["Auther:AdminSessionToken"] = AdminCookie,
        // The rotation check meets two new keys in a row; the default 30 s throttle would make it wait.
        ["Auth:UnknownKidCooldown"] = "00:00:01",
        ["Sync:Interval"] = SyncInterval.ToString("c"),
        // The host stops when the suite ends: a drain would only wait.
        ["Shutdown:DrainDelay"] = "00:00:00",
    };
}

/// <summary>A user of the interop better-auth with a live session (its signed cookie).</summary>
public sealed record InteropUser(string Id, string Email, string Password, string Cookie);
