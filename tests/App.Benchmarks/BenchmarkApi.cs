using System.Net;
using App.Data;
using App.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace App.Benchmarks;

/// <summary>
/// The real API on Kestrel on a loopback port (a real socket, unlike TestServer), on its own freshly
/// migrated database in the throwaway PostgreSQL cluster of App.TestSupport.
/// </summary>
internal sealed class BenchmarkApi : IAsyncDisposable
{
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly WebApplicationFactory<Program> _factory;

    private BenchmarkApi(WebApplicationFactory<Program> factory, string connectionString, Uri address)
    {
        _factory = factory;
        ConnectionString = connectionString;
        Address = address;
    }

    public string ConnectionString { get; }

    public Uri Address { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Null when the server is the caller's own (TEST_DATABASE_URL): its settings are left as they are.</summary>
    public bool? Durable { get; private init; }

    /// <summary>
    /// With <paramref name="durable"/>, the throwaway cluster commits as production would (fsync,
    /// synchronous commit, full page writes): it starts with all three off for the tests' speed.
    /// </summary>
    public static async Task<BenchmarkApi> StartAsync(bool durable, bool requestLog = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var server = await PostgresServer.InstanceAsync();
        var ownServer = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("TEST_DATABASE_URL"));
        if (ownServer)
        {
            await SetDurabilityAsync(server.AdminConnectionString, durable);
        }

        var connectionString = await TestDatabases.CreateMigratedAsync("bench");
        // WebApplicationFactory looks for the API's content root next to the solution unless told; its
        // appsettings files are copied into this program's output, which is root enough.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_APP_API", AppContext.BaseDirectory);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            var values = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Default"] = connectionString,
                ["Auther:Url"] = "http://127.0.0.1:9",
                ["Auther:Audience"] = "app-api",
                ["Auther:WebhookSecrets:0"] = WebhookSecret,
                ["Auther:SignupSecret"] = "bench-signup-secret-0123456789abcdef-0123",
                ["Auther:AdminApiKey"] = "bench-admin-api-key",
                // One line per request would measure the console, not the app.
                ["Log:Format"] = "text",
                ["Serilog:MinimumLevel:Default"] = requestLog ? "Information" : "Warning",
                ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
                // The default Auther address is deliberately dead (the webhook benchmark needs none): keep its retries quiet.
                ["Serilog:MinimumLevel:Override:App.Api.Auth.Jwks"] = "Error",
                // Stopped when the run ends: a drain would only wait.
                ["Shutdown:DrainDelay"] = "00:00:00",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(values));
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchmarkApi(factory, connectionString, new Uri(address)) { Durable = ownServer ? durable : null };
    }

    public AppDbContext CreateDbContext() => TestDatabases.CreateContext(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await TestDatabases.DropAsync(ConnectionString);
    }

    private static async Task SetDurabilityAsync(string adminConnectionString, bool durable)
    {
        var value = durable ? "on" : "off";
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        foreach (var setting in new[] { "fsync", "synchronous_commit", "full_page_writes" })
        {
            await using var alter = new NpgsqlCommand($"ALTER SYSTEM SET {setting} = {value}", connection);
            await alter.ExecuteNonQueryAsync();
        }

        await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
        await reload.ExecuteNonQueryAsync();
    }
}
