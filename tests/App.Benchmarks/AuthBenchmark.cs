using System.Globalization;
using System.Net;
using App.Api.Auth.Jwks;
using Auther.Dev;
using Auther.Dev.Keys;
using Auther.Dev.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace App.Benchmarks;

/// <summary>
/// The warm authenticated path against the anonymous ceiling of the same server, under the same load:
/// wrk on loopback, <c>GET /api/me</c> with 1000 distinct tokens in rotation versus <c>GET /health/live</c>
/// without a token. Then the steady-state promises (no JWKS fetch, no provisioning write), the unknown-kid
/// storm (at most one fetch) and the first-request race (exactly one row per new user).
/// </summary>
internal static class AuthBenchmark
{
    public const string Options = "--tokens 1000 --seconds 15 --connections 32";
    private const double Target = 0.60;

    public static async Task<int> RunAsync(string[] args)
    {
        var tokenCount = Args.Int(args, "--tokens", 1000);
        var seconds = TimeSpan.FromSeconds(Args.Int(args, "--seconds", 15));
        var connections = Args.Int(args, "--connections", 32);
        await Wrk.EnsureInstalledAsync();

        await using var auther = await AutherDevServer.StartAsync(new AutherDevOptions { Audience = "app-api" });
        await using var api = await BenchmarkApi.StartAsync(durable: true, settings: new Dictionary<string, string?>
        {
            ["Auther:Url"] = auther.BaseUrl.ToString().TrimEnd('/'),
            ["Auther:Issuers:0"] = auther.Issuer,
            ["Reconcile:Enabled"] = "false",
        });
        Console.WriteLine($"auth warm path: {tokenCount} tokens in rotation, wrk 1 thread x {connections} connections, {seconds.TotalSeconds:0} s per run, " +
                          $"{Environment.ProcessorCount} cores, load average {Args.LoadAverage()}");

        var edTokens = Mint(auther, tokenCount, "ed");
        await FirstRequestsAsync(api.Address, edTokens, expect: HttpStatusCode.OK);
        await Wrk.GetAsync(api.Address, "/health/live", [], connections, TimeSpan.FromSeconds(5));
        await Wrk.GetAsync(api.Address, "/api/me", edTokens, connections, TimeSpan.FromSeconds(5));

        // Each authenticated run is paired with a baseline run just before it: the ratio compares like with like.
        var fetchesBefore = auther.JwksRequestCount;
        var rowsBefore = await UserRowVersionsAsync(api.ConnectionString);
        var edBaseline = await Wrk.GetAsync(api.Address, "/health/live", [], connections, seconds);
        var ed = await Wrk.GetAsync(api.Address, "/api/me", edTokens, connections, seconds);
        var fetches = auther.JwksRequestCount - fetchesBefore;
        var writes = Changed(rowsBefore, await UserRowVersionsAsync(api.ConnectionString));

        var stormFetches = await UnknownKidStormAsync(api.Address, auther, tokenCount);

        // The storm just spent the unknown-kid refresh: a key published now waits for the cooldown or the
        // scheduled refresh. Run the scheduled one now rather than wait for it (it is not request-caused).
        auther.RotateKey(KeyAlgorithm.RS256);
        await api.Services.GetRequiredService<AutherJwks>().RefreshAsync("scheduled");
        var rsTokens = Mint(auther, tokenCount, "rs");
        await FirstRequestsAsync(api.Address, rsTokens, expect: HttpStatusCode.OK);
        await Wrk.GetAsync(api.Address, "/api/me", rsTokens, connections, TimeSpan.FromSeconds(5));
        var rsBaseline = await Wrk.GetAsync(api.Address, "/health/live", [], connections, seconds);
        var rs = await Wrk.GetAsync(api.Address, "/api/me", rsTokens, connections, seconds);

        Console.WriteLine($"baseline  GET /health/live (no token)      {edBaseline.Summary()}");
        Console.WriteLine($"EdDSA     GET /api/me ({tokenCount} tokens)       {ed.Summary()}");
        Console.WriteLine($"baseline  GET /health/live (no token)      {rsBaseline.Summary()}");
        Console.WriteLine($"RS256     GET /api/me ({tokenCount} tokens)       {rs.Summary()}");
        var edRatio = ed.PerSecond / edBaseline.PerSecond;
        Console.WriteLine($"ratio EdDSA /api/me : /health/live = {edRatio:P0} (target >= {Target:P0})");
        Console.WriteLine($"ratio RS256 /api/me : /health/live = {rs.PerSecond / rsBaseline.PerSecond:P0}");
        Console.WriteLine($"steady state (EdDSA runs): {fetches} JWKS fetch(es) caused by requests, {writes} write(s) to the benchmark users' rows");
        Console.WriteLine($"unknown-kid storm: {tokenCount} tokens with random kids -> {stormFetches} JWKS fetch(es) (cooldown 30 s; at most 1 expected)");
        var (rows, errors) = await FirstRequestRaceAsync(api, auther);
        Console.WriteLine($"first-request race: 200 concurrent first requests of 50 new users -> {rows} rows, {errors} errors (50 and 0 expected)");

        var ok = edRatio >= Target && fetches == 0 && writes == 0 && stormFetches <= 1 && rows == 50 && errors == 0 &&
                 ed.Errors == 0 && rs.Errors == 0 && edBaseline.Errors == 0 && rsBaseline.Errors == 0;
        Console.WriteLine($"load average at the end: {Args.LoadAverage()}");
        Console.WriteLine(ok ? "OK: every target met" : "FAILED: a target was missed (see above)");
        return ok ? 0 : 1;
    }

    private static List<string> Mint(AutherDevServer auther, int count, string prefix) =>
        Enumerable.Range(0, count).Select(i => auther.MintToken(new TokenRequest
        {
            UserId = $"bench-auth-{prefix}-{i:D5}",
            Email = $"{prefix}{i}@example.com",
            Name = $"Bench {prefix} {i}",
            Permissions = new Dictionary<string, string[]> { ["notifications"] = ["read", "write"], ["expense"] = ["create"] },
            Lifetime = TimeSpan.FromHours(2),
        })).ToList();

    /// <summary>Each token once: provisions its user and fills the verified-token cache, outside the measured runs.</summary>
    internal static async Task FirstRequestsAsync(Uri address, IReadOnlyList<string> tokens, HttpStatusCode expect)
    {
        using var client = new HttpClient { BaseAddress = address };
        using var gate = new SemaphoreSlim(16);
        var statuses = await Task.WhenAll(tokens.Select(async token =>
        {
            await gate.WaitAsync();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
                request.Headers.Authorization = new("Bearer", token);
                using var response = await client.SendAsync(request);
                return response.StatusCode;
            }
            finally
            {
                gate.Release();
            }
        }));
        if (statuses.Any(s => s != expect))
        {
            throw new InvalidOperationException($"Warm-up expected {expect}: got {string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Key} x{g.Count()}"))}");
        }
    }

    private static async Task<int> UnknownKidStormAsync(Uri address, AutherDevServer auther, int count)
    {
        var tokens = Enumerable.Range(0, count).Select(i => auther.MintToken(new TokenRequest
        {
            UserId = $"bench-storm-{i}",
            ExtraHeaders = new Dictionary<string, object?> { ["kid"] = Guid.NewGuid().ToString("N") },
        })).ToList();
        var before = auther.JwksRequestCount;
        await FirstRequestsAsync(address, tokens, expect: HttpStatusCode.Unauthorized);
        return auther.JwksRequestCount - before;
    }

    private static async Task<(int Rows, int Errors)> FirstRequestRaceAsync(BenchmarkApi api, AutherDevServer auther)
    {
        var tokens = Enumerable.Range(0, 50).Select(i => auther.MintToken(new TokenRequest { UserId = $"bench-race-{i:D2}" })).ToList();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 200 }) { BaseAddress = api.Address };
        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Authorization = new("Bearer", tokens[i % tokens.Count]);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }));
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM users WHERE id LIKE 'bench-race-%'", connection);
        return (Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture), statuses.Count(s => s != HttpStatusCode.OK));
    }

    /// <summary>Each benchmark user's row version (xmin): any insert, update or delete shows as a difference.</summary>
    private static async Task<Dictionary<string, uint>> UserRowVersionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, xmin FROM users WHERE id LIKE 'bench-auth-%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new Dictionary<string, uint>();
        while (await reader.ReadAsync())
        {
            versions[reader.GetString(0)] = reader.GetFieldValue<uint>(1);
        }

        return versions;
    }

    private static int Changed(Dictionary<string, uint> before, Dictionary<string, uint> after) =>
        after.Count(kv => !before.TryGetValue(kv.Key, out var version) || version != kv.Value) + before.Keys.Count(k => !after.ContainsKey(k));
}
