using System.Net;
using System.Net.Sockets;
using App.TestSupport;
using App.Web.Data;
using App.Web.Hosting;
using Interop.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Tests.Oidc;

/// <summary>
/// The product's web app (App.Web) signing users in at real better-auth, configured as the deployed Auther's one
/// trusted confidential client, in front of the API; both on loopback sockets, the web app's port chosen first
/// because better-auth must know its redirect URI.
/// </summary>
public sealed class WebAppInteropFixture : IAsyncLifetime
{
    public const string ClientId = "interop-bff";
    public const string ClientSecret = "interop-bff-secret-0123456789abcdef";

    private readonly int _webPort = FreePort();
    private InteropAuther? _auther;
    private WebApplicationFactory<Program>? _api;
    private WebApplicationFactory<WebEntryPoint>? _web;
    private string _connectionString = string.Empty;

    public InteropAuther Auther => _auther ?? throw new InvalidOperationException("Fixture not initialised");

    public Uri Web => new($"http://127.0.0.1:{_webPort}");

    public async Task InitializeAsync()
    {
        _auther = await InteropAuther.StartAsync([new InteropClient(ClientId, ClientSecret, $"{Web}signin-oidc")], [Web.ToString().TrimEnd('/')]);
        _connectionString = await TestDatabases.CreateMigratedAsync(GetType().Name);
        _api = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Default"] = _connectionString,
                ["Log:Format"] = "text",
                ["Serilog:MinimumLevel:Default"] = "Warning",
                ["Auther:Url"] = Auther.Origin,
                ["Auther:Issuers:0"] = Auther.Origin,
                ["Auther:Issuers:1"] = InteropAuther.JwtIssuer,
                ["Auther:Audiences:0"] = InteropAuther.JwtAudience,
                ["Auther:Audiences:1"] = ClientId,
                ["Auther:WebhookSecrets:0"] = "whsec_aW50ZXJvcC11bnVzZWQtd2ViaG9vay1zZWNyZXQ=",
                ["Auther:SignupSecret"] = InteropAuther.SignupSecret,
                ["Auther:AdminApiKey"] = "unused-in-these-tests-0123456789abcdef",
                ["Sync:Enabled"] = "false",
            }));
        });
        _api.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _api.StartServer();
        var apiAddress = _api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var options = new DbContextOptionsBuilder<WebDbContext>();
        WebDbContext.Configure(options, _connectionString);
        await using (var db = new WebDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
        }

        _web = new WebApplicationFactory<WebEntryPoint>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Default"] = _connectionString,
                ["Api:Url"] = apiAddress,
                ["Auther:Url"] = Auther.Origin,
                ["Auther:ClientId"] = ClientId,
                ["Auther:ClientSecret"] = ClientSecret,
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        });
        _web.UseKestrel(o => o.Listen(IPAddress.Loopback, _webPort));
        _web.StartServer();
    }

    public async Task DisposeAsync()
    {
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_auther is not null)
        {
            await _auther.DisposeAsync();
        }

        if (_connectionString.Length > 0)
        {
            await TestDatabases.DropAsync(_connectionString);
        }
    }

    private static int FreePort() => App.TestSupport.FreePorts.Pick();
}
