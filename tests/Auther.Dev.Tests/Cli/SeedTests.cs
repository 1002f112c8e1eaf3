using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Cli;

/// <summary><c>serve --seed</c> gives the seeded admin a password, so the app can sign in as that admin against deployed mode.</summary>
public sealed class SeedTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("auther-dev-seed-").FullName;

    [Fact]
    public async Task Seed_WritesTheAdminPassword_AndItSignsIn()
    {
        var envFile = Path.Combine(_directory, "seed.env");
        var port = FreePort();
        using var process = CliProcess.Start("serve", "--host", "127.0.0.1", "--port", port.ToString(), "--mode", "deployed", "--seed", "--seed-env", envFile);
        try
        {
            var waited = Stopwatch.StartNew();
            while (!File.Exists(envFile) && waited.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
                await Task.Delay(100);
            }

            var settings = File.ReadAllLines(envFile).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            settings["ADMIN_PASSWORD"].Length.ShouldBeGreaterThanOrEqualTo(8);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var response = await client.PostAsJsonAsync("/api/auth/sign-in/email", new { email = settings["ADMIN_EMAIL"], password = settings["ADMIN_PASSWORD"] });
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
