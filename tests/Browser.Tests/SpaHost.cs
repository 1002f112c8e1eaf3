using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Browser.Tests;

/// <summary>
/// Serves docs/spa/index.html as a developer would from its own origin, with its three settings (Auther, API,
/// client id) pointed at this test's servers: the same file the guide shows, not a copy of it.
/// </summary>
public sealed class SpaHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SpaHost(WebApplication app) => _app = app;

    public static async Task<SpaHost> StartAsync(int port, Uri auther, Uri api)
    {
        var html = (await File.ReadAllTextAsync(SourcePath()))
            .Replace("const AUTHER = 'http://localhost:5090';", $"const AUTHER = '{auther.ToString().TrimEnd('/')}';")
            .Replace("const API = 'http://localhost:5080';", $"const API = '{api.ToString().TrimEnd('/')}';")
            .Replace("const CLIENT_ID = 'spa';", $"const CLIENT_ID = '{WebAppFixture.SpaClientId}';");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8"));
        await app.StartAsync();
        return new SpaHost(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static string SourcePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "spa", "index.html");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/spa/index.html not found above " + AppContext.BaseDirectory);
    }
}
