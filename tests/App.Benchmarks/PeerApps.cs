using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Benchmarks;

/// <summary>
/// The peers the request pipeline is compared with, in this process on their own loopback ports: a bare
/// minimal API (<c>GET /ping</c>) and a bare JwtBearer API (<c>GET /api/me</c>, RS256, what a team would
/// write without this project). Neither logs anything: they are the framework's own ceiling.
/// </summary>
internal sealed class PeerApp : IAsyncDisposable
{
    private const string Issuer = "https://bare-issuer.example";
    private const string Audience = "bare-api";

    private readonly WebApplication _app;
    private readonly SecurityKey? _key;

    private PeerApp(WebApplication app, Uri address, SecurityKey? key)
    {
        _app = app;
        Address = address;
        _key = key;
    }

    public Uri Address { get; }

    public static Task<PeerApp> StartPingAsync() => StartAsync(configure: null, map: app => app.MapGet("/ping", () => "pong"), key: null);

    public static Task<PeerApp> StartJwtBearerAsync()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "bare-rs256" };
        return StartAsync(
            services =>
            {
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
                {
                    options.MapInboundClaims = false;
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = Issuer,
                        ValidAudience = Audience,
                        IssuerSigningKey = key,
                    };
                });
                services.AddAuthorization();
            },
            app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapGet("/api/me", (ClaimsPrincipal user) => Results.Ok(new
                {
                    id = user.FindFirstValue("sub"),
                    email = user.FindFirstValue("email"),
                    name = user.FindFirstValue("name"),
                })).RequireAuthorization();
            },
            key);
    }

    /// <summary>RS256 tokens for the JwtBearer peer, one user each.</summary>
    public List<string> MintTokens(int count)
    {
        var handler = new JsonWebTokenHandler();
        var credentials = new SigningCredentials(_key ?? throw new InvalidOperationException("Not the JwtBearer peer."), SecurityAlgorithms.RsaSha256);
        return Enumerable.Range(0, count).Select(i => handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Expires = DateTime.UtcNow.AddHours(2),
            Claims = new Dictionary<string, object> { ["sub"] = $"bare-{i:D5}", ["email"] = $"bare{i}@example.com", ["name"] = $"Bare {i}" },
            SigningCredentials = credentials,
        })).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// A folder of its own: the host watches its content root for configuration changes, and the temporary
    /// folder, where the benchmark writes the app's request log, changes all the time.
    /// </summary>
    private static string EmptyContentRoot { get; } = Directory.CreateTempSubdirectory("peer-app-").FullName;

    private static async Task<PeerApp> StartAsync(Action<IServiceCollection>? configure, Action<WebApplication> map, SecurityKey? key)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = EmptyContentRoot });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PeerApp(app, new Uri(address), key);
    }
}
