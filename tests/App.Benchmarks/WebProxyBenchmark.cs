using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using App.Web.Data;
using App.Web.Hosting;
using Auther.Dev;
using Auther.Dev.Oidc;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace App.Benchmarks;

/// <summary>
/// What the BFF costs: <c>GET /api/me</c> through the web app (cookie, session ticket, YARP, the API) against
/// the same call straight to the API with a bearer token, same user, same load, rounds alternating. The session
/// comes from a real sign-in: Auther's sign-in, then the web app's code flow, over HTTP.
/// </summary>
internal static class WebProxyBenchmark
{
    public const string Options = "--requests 3000 --concurrency 16 --rounds 3";
    private const string ClientId = "web-app";
    private const string ClientSecret = "bench-web-client-secret-0123456789abcdef";

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = Args.Int(args, "--requests", 3000);
        var concurrency = Args.Int(args, "--concurrency", 16);
        var rounds = Args.Int(args, "--rounds", 3);
        var webPort = FreePort();
        var web = new Uri($"http://127.0.0.1:{webPort}");

        var autherOptions = new AutherDevOptions { Audience = "app-api" };
        var client = new OidcClientOptions { ClientId = ClientId, ClientSecret = ClientSecret };
        client.RedirectUris.Add($"{web}signin-oidc");
        autherOptions.OidcClients.Add(client);
        await using var auther = await AutherDevServer.StartAsync(autherOptions);
        await using var api = await BenchmarkApi.StartAsync(durable: true, settings: new Dictionary<string, string?>
        {
            ["Auther:Url"] = auther.BaseUrl.ToString().TrimEnd('/'),
            ["Auther:Issuers:0"] = auther.Issuer,
            ["Auther:Audiences:0"] = ClientId,
            ["Reconcile:Enabled"] = "false",
        });
        await using var webApp = await StartWebAsync(webPort, api, auther);

        var email = $"bench-{Guid.NewGuid():N}@example.com";
        var user = auther.CreateUser(email, "Bench User", password: "bench-password-0123");
        var cookie = await SignInAsync(web, auther.BaseUrl, email, "bench-password-0123");
        var token = auther.MintToken(new Auther.Dev.Tokens.TokenRequest { UserId = user.Id, Email = email, Name = "Bench User" });
        Console.WriteLine($"web proxy: GET /api/me, {requests} requests x {concurrency} concurrent, {rounds} rounds each way, " +
                          $"{Environment.ProcessorCount} cores, load average {Args.LoadAverage()}");

        using var direct = new LoadSender(api.Address, concurrency);
        using var proxied = new LoadSender(web, concurrency);
        Func<HttpRequestMessage> viaApi = () => Get("/api/me", ("Authorization", $"Bearer {token}"));
        Func<HttpRequestMessage> viaWeb = () => Get("/api/me", ("Cookie", cookie), ("X-CSRF", "1"));
        // The session alone (cookie, session ticket, no forwarding): splits the web app's cost into session and proxy.
        Func<HttpRequestMessage> sessionOnly = () => Get("/bff/user", ("Cookie", cookie));
        await direct.RunAsync(Repeat(viaApi, Math.Min(500, requests)), Classify);
        await proxied.RunAsync(Repeat(viaWeb, Math.Min(500, requests)), Classify);

        var ratios = new List<double>();
        var errors = 0;
        for (var round = 1; round <= rounds; round++)
        {
            var straight = await direct.RunAsync(Repeat(viaApi, requests), Classify);
            var through = await proxied.RunAsync(Repeat(viaWeb, requests), Classify);
            var session = await proxied.RunAsync(Repeat(sessionOnly, requests), Classify);
            errors += new[] { straight, through, session }.Sum(r => r.Outcomes.Where(o => o.Key != "200").Sum(o => o.Value));
            ratios.Add(through.PerSecond / straight.PerSecond);
            Console.WriteLine($"round {round}: API {straight.PerSecond:0} req/s (p50 {straight.Percentile(50):0.0} ms), " +
                              $"web app {through.PerSecond:0} req/s (p50 {through.Percentile(50):0.0} ms), ratio {ratios[^1]:P0}; " +
                              $"session alone (/bff/user) {session.PerSecond:0} req/s (p50 {session.Percentile(50):0.0} ms)");
        }

        ratios.Sort();
        Console.WriteLine($"median ratio web app : API = {ratios[ratios.Count / 2]:P0}; non-200 answers: {errors}; load average {Args.LoadAverage()}");
        return errors == 0 ? 0 : 1;
    }

    private static async Task<WebApplicationFactory<WebEntryPoint>> StartWebAsync(int port, BenchmarkApi api, AutherDevServer auther)
    {
        var options = new DbContextOptionsBuilder<WebDbContext>();
        WebDbContext.Configure(options, api.ConnectionString);
        await using (var db = new WebDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
        }

        // As for the API (BenchmarkApi): this program's output is content root enough (the UI's files are not measured).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_APP_WEB", AppContext.BaseDirectory);
        var factory = new WebApplicationFactory<WebEntryPoint>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Default"] = api.ConnectionString,
                ["Api:Url"] = api.Address.ToString().TrimEnd('/'),
                ["Auther:Url"] = auther.BaseUrl.ToString().TrimEnd('/'),
                ["Auther:ClientId"] = ClientId,
                ["Auther:ClientSecret"] = ClientSecret,
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        });
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        return factory;
    }

    /// <summary>Signs in at Auther, then follows the web app's sign-in redirects; answers the session cookie header.</summary>
    private static async Task<string> SignInAsync(Uri web, Uri auther, string email, string password)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true });
        (await http.PostAsJsonAsync(new Uri(auther, "/api/auth/sign-in/email"), new { email, password })).EnsureSuccessStatusCode();
        // Ends on /bff/user: 200 only with the session the code flow just made.
        (await http.GetAsync(new Uri(web, "/bff/login?returnUrl=/bff/user"))).EnsureSuccessStatusCode();
        var session = cookies.GetCookies(web)["app_web"] ?? throw new InvalidOperationException("The web app set no session cookie.");
        return $"app_web={session.Value}";
    }

    private static HttpRequestMessage Get(string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static IReadOnlyList<Func<HttpRequestMessage>> Repeat(Func<HttpRequestMessage> request, int count) =>
        Enumerable.Repeat(request, count).ToList();

    private static Task<string> Classify(HttpResponseMessage response) => Task.FromResult(((int)response.StatusCode).ToString());

    private static int FreePort() => App.TestSupport.FreePorts.Pick();
}
