using System.Net;
using System.Net.Http.Headers;
using App.Api.ShadowUsers;
using App.Data;
using Auther.Dev;
using Auther.Dev.Tokens;
using Auther.Dev.Webhooks.Delivery;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Infrastructure;

/// <summary>
/// The API in-process on its own freshly migrated database, beside its own local Auther (a real HTTP server
/// on a loopback port that signs real tokens and serves a real JWKS). One per test class (IClassFixture), so a
/// class owns its data; tests inside a class create what they need with unique ids. Every other fixture is a
/// variation of this one (<see cref="ApiVariation"/>): it states what it changes, never how to start things.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string SignupSecret = "test-signup-secret-0123456789abcdef-0123";
    public const string AdminApiKey = "test-admin-api-key";
    public const string Audience = "app-api";

    private readonly List<WebApplicationFactory<Program>> _instances = [];
    private readonly ApiVariation _variation;
    private AutherDevServer? _auther;

    /// <summary>The default set-up (one public constructor without parameters, as xunit requires of a fixture).</summary>
    public ApiFixture()
        : this(new ApiVariation())
    {
    }

    /// <summary>The default set-up with <paramref name="variation"/>'s changes.</summary>
    protected ApiFixture(ApiVariation variation) => _variation = variation;

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The local Auther this API trusts.</summary>
    public AutherDevServer Auther => _auther ?? throw new InvalidOperationException("Fixture not initialised");

    public WebApplicationFactory<Program> Factory => _instances.Count > 0 ? _instances[0] : throw new InvalidOperationException("Fixture not initialised");

    public IServiceProvider Services => Factory.Services;

    public async Task InitializeAsync()
    {
        var options = new AutherDevOptions
        {
            Audience = Audience,
            SignupSecret = SignupSecret,
            AdminApiKey = AdminApiKey,
            Retry = new WebhookRetryOptions { MaxAttempts = 4, InitialDelay = TimeSpan.FromMilliseconds(50) },
        };
        _variation.Auther(options);
        _auther = await AutherDevServer.StartAsync(options);
        ConnectionString = await CreateDatabaseAsync();
        BeforeInstances();
        CreateInstance();
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
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

    /// <summary>Another instance of the API on the same database and Auther, as behind a load balancer.</summary>
    public WebApplicationFactory<Program> CreateInstance()
    {
        var instance = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(_variation.Environment);
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(Settings()));
            builder.ConfigureTestServices(ConfigureServices);
        });
        if (RealSocket)
        {
            instance.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        }

        instance.StartServer();
        _instances.Add(instance);
        return instance;
    }

    /// <summary>Where the first instance listens when <see cref="ApiVariation.RealSocket"/> (for callers outside the process, like the local Auther).</summary>
    public Uri Address => new(Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public HttpClient CreateClient() => Factory.CreateClient(ClientOptions(Factory));

    /// <summary>A client that sends <paramref name="token"/> as a bearer token.</summary>
    public HttpClient ClientWith(string token, WebApplicationFactory<Program>? instance = null)
    {
        var client = (instance ?? Factory).CreateClient(ClientOptions(instance ?? Factory));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A token for <paramref name="userId"/> with a profile derived from it, adjusted by <paramref name="configure"/>.</summary>
    public string TokenFor(string userId, Func<TokenRequest, TokenRequest>? configure = null)
    {
        var request = new TokenRequest { UserId = userId, Email = $"{userId}@example.com", Name = $"User {userId}" };
        return Auther.MintToken(configure is null ? request : configure(request));
    }

    /// <summary>A real token, signed with the local Auther's current key.</summary>
    public string MintToken(TokenRequest request) => Auther.MintToken(request);

    /// <summary>A client that sends <paramref name="request"/>'s token as <c>Authorization: Bearer</c>.</summary>
    public HttpClient CreateClient(TokenRequest request) => ClientWith(MintToken(request));

    /// <summary>A client for a token carrying exactly these permissions (e.g. "token:revoke").</summary>
    public HttpClient ClientFor(string userId, params string[] permissions) =>
        ClientWith(TokenFor(userId, r => r with { Permissions = PermissionMap(permissions) }));

    public static IReadOnlyDictionary<string, string[]> PermissionMap(params string[] permissions) =>
        permissions.Select(p => p.Split(':', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Select(p => p[1]).ToArray());


    public AppDbContext CreateDbContext() => TestDatabases.CreateContext(ConnectionString);

    /// <summary>Changes a user the way another instance (or a webhook) would: the row, then NOTIFY on commit.</summary>
    public async Task ChangeUserElsewhereAsync(FormattableString sql, string userId)
    {
        await using var db = CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync(sql);
        await db.NotifyAsync(CacheChannel.UserChanged(userId));
        await transaction.CommitAsync();
    }

    private WebApplicationFactoryClientOptions ClientOptions(WebApplicationFactory<Program> instance) => new()
    {
        AllowAutoRedirect = false,
        BaseAddress = RealSocket
            ? new Uri(instance.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())
            : new Uri("http://localhost"),
    };

    private bool RealSocket => _variation.RealSocket;

    /// <summary>The API's database; a derived fixture may put it on a server of its own.</summary>
    protected virtual Task<string> CreateDatabaseAsync() => TestDatabases.CreateMigratedAsync(GetType().Name);

    /// <summary>A derived fixture replaces services in every instance (e.g. a recording push sender).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>A derived fixture seeds the started local Auther before the first instance starts.</summary>
    protected virtual void BeforeInstances()
    {
    }

    /// <summary>A derived fixture lays settings that depend on what it started (a pooler in front of the database) over the rest.</summary>
    protected virtual void AdjustSettings(Dictionary<string, string?> settings)
    {
    }

    /// <summary>The settings every instance runs with, for an instance started as its own process.</summary>
    public IReadOnlyDictionary<string, string?> InstanceSettings() => Settings();

    /// <summary>The settings the API runs with: the defaults below, then the variation's, then <see cref="AdjustSettings"/>.</summary>
    private Dictionary<string, string?> Settings()
    {
        var settings = DefaultSettings();
        foreach (var (key, value) in _variation.Settings)
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        AdjustSettings(settings);
        return settings;
    }

    private Dictionary<string, string?> DefaultSettings() => new()
    {
        ["ConnectionStrings:Default"] = ConnectionString,
        ["Log:Format"] = "text",
        ["Serilog:MinimumLevel:Default"] = "Warning",
        ["Auther:Url"] = Auther.BaseUrl.ToString().TrimEnd('/'),
        ["Auther:Issuers:0"] = Auther.Issuer,
        ["Auther:Audience"] = Audience,
        ["Auther:WebhookSecrets:0"] = WebhookSecret,
        ["Auther:SignupSecret"] = SignupSecret,
        ["Auther:AdminApiKey"] = AdminApiKey,
        // The user poll, and the lookup of each user first seen with a role-less token, would add list-users calls
        // to every test's Auther; their own tests turn them on.
        ["Sync:Enabled"] = "false",
        ["Auth:LookUpNewUsers"] = "false",
        // Each host is stopped when its test class ends: a drain there would only wait.
        ["Shutdown:DrainDelay"] = "00:00:00",
    };
}
