using App.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace App.Tests.Infrastructure;

/// <summary>
/// The API in-process on its own freshly migrated database. One per test class (IClassFixture), so a
/// class owns its data; tests inside a class create what they need with unique ids.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string SignupSecret = "test-signup-secret-0123456789abcdef-0123";
    public const string AdminApiKey = "test-admin-api-key";
    public const string Audience = "app-api";

    private WebApplicationFactory<Program>? _factory;

    public string ConnectionString { get; private set; } = string.Empty;

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Fixture not initialised");

    public IServiceProvider Services => Factory.Services;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestDatabases.CreateMigratedAsync(GetType().Name);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(Settings()));
        });
        _ = _factory.Server;
    }

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (ConnectionString.Length > 0)
        {
            await TestDatabases.DropAsync(ConnectionString);
        }
    }

    public HttpClient CreateClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public AppDbContext CreateDbContext() => TestDatabases.CreateContext(ConnectionString);

    /// <summary>The settings the API runs with; a derived fixture overrides some to test other set-ups.</summary>
    protected virtual IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Default"] = ConnectionString,
        ["Log:Format"] = "text",
        ["Serilog:MinimumLevel:Default"] = "Warning",
        ["Auther:Url"] = "http://127.0.0.1:9",
        ["Auther:Audience"] = Audience,
        ["Auther:WebhookSecrets:0"] = WebhookSecret,
        ["Auther:SignupSecret"] = SignupSecret,
        ["Auther:AdminApiKey"] = AdminApiKey,
    };
}
