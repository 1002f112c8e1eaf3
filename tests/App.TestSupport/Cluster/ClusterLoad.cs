using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using App.TestSupport.Webhooks;
using Auther.Dev;
using Auther.Dev.Tokens;

namespace App.TestSupport.Cluster;

/// <summary>How much steady traffic the load sends: closed loops, each pausing between its requests.</summary>
public sealed record LoadOptions
{
    /// <summary>Loops of authenticated reads (<c>GET /api/me</c>, <c>GET /api/orgs</c> in turn).</summary>
    public int Readers { get; init; } = 3;

    public int Users { get; init; } = 20;

    public TimeSpan ReaderPause { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>One loop creating organizations (<c>POST /api/orgs</c>).</summary>
    public TimeSpan WriterPause { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>One loop delivering signed <c>user.updated</c> webhooks for a few users, in order.</summary>
    public TimeSpan WebhookPause { get; init; } = TimeSpan.FromMilliseconds(75);
}

/// <summary>One answered (or failed) request: when it was sent, in which phase, how long it took.</summary>
public sealed record Sample(string Kind, string Phase, int Status, bool RetryAfter, double Milliseconds, string? Error);

/// <summary>A webhook the app acknowledged: which message, for whom, with which name, and the outcome it reported.</summary>
public sealed record AcknowledgedWebhook(string MessageId, string UserId, string Name, string Outcome);

/// <summary>
/// Steady mixed traffic through the load balancer: authenticated reads, organization writes and signed webhooks,
/// every request recorded with its status and latency, every acknowledged write and webhook remembered so the
/// database can be checked afterwards.
/// </summary>
public sealed class ClusterLoad(Uri address, AutherDevServer auther, string webhookSecret, LoadOptions options)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly HttpClient _client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public ConcurrentQueue<Sample> Samples { get; } = new();

    public ConcurrentQueue<string> WrittenSlugs { get; } = new();

    public ConcurrentQueue<AcknowledgedWebhook> Webhooks { get; } = new();

    /// <summary>Slugs this run writes start with it.</summary>
    public string SlugPrefix => $"roll-{_run}-";

    /// <summary>Webhook users' ids start with it.</summary>
    public string WebhookUserPrefix => $"wh_{_run}_";

    /// <summary>Set by whoever drives the scenario; each sample records the phase it was sent in.</summary>
    public string Phase { get; set; } = "steady";

    /// <summary>
    /// One request of each kind to each instance, directly and unrecorded: a fresh process compiles each path on its
    /// first use (seconds on a busy machine), which belongs to starting up, not to the steady state.
    /// </summary>
    public async Task WarmAsync(IEnumerable<Uri> instances)
    {
        var token = Token(0);
        foreach (var instance in instances)
        {
            using var client = new HttpClient { BaseAddress = instance, Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await client.GetAsync("/api/me")).Dispose();
            (await client.GetAsync("/api/orgs")).Dispose();
            (await client.PostAsJsonAsync("/api/orgs", new { slug = $"warm-{_run}-{instance.Port}", name = "Warm-up" })).Dispose();
            var evt = AutherEvent.Create("user.updated", new { id = $"warm_{_run}_{instance.Port}", email = "warm@example.com", name = "Warm-up" });
            using var request = AutherWebhookSigner.Svix(evt, webhookSecret).ToRequest();
            (await client.SendAsync(request)).Dispose();
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var tokens = Enumerable.Range(0, options.Users).Select(Token).ToArray();
        var loops = Enumerable.Range(0, options.Readers).Select(r => ReadAsync(tokens, r, stop))
            .Append(WriteAsync(tokens[0], stop))
            .Append(DeliverAsync(stop));
        await Task.WhenAll(loops);
    }

    private string Token(int user) => auther.MintToken(new TokenRequest
    {
        UserId = $"load_{_run}_{user}",
        Email = $"load-{_run}-{user}@example.com",
        Name = $"Load {user}",
        Lifetime = TimeSpan.FromHours(2),
    });

    private async Task ReadAsync(string[] tokens, int reader, CancellationToken stop)
    {
        for (var n = reader; !stop.IsCancellationRequested; n += options.Readers)
        {
            var path = n % 2 == 0 ? "/api/me" : "/api/orgs";
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[n % tokens.Length]);
            await SendAsync(path == "/api/me" ? "read me" : "read orgs", request, HttpStatusCode.OK);
            await PauseAsync(options.ReaderPause, stop);
        }
    }

    private async Task WriteAsync(string token, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var slug = $"{SlugPrefix}{n}";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orgs") { Content = JsonContent.Create(new { slug, name = $"Roll {n}" }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (await SendAsync("write org", request, HttpStatusCode.Created) is not null)
            {
                WrittenSlugs.Enqueue(slug);
            }

            await PauseAsync(options.WriterPause, stop);
        }
    }

    private async Task DeliverAsync(CancellationToken stop)
    {
        var started = DateTimeOffset.UtcNow;
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var userId = $"{WebhookUserPrefix}{n % 5}";
            var name = $"Version {n}";
            var evt = AutherEvent.Create("user.updated", new { id = userId, email = $"{userId}@example.com", name, emailVerified = true },
                started.AddMilliseconds(n));
            var delivery = AutherWebhookSigner.Svix(evt, webhookSecret);
            using var request = delivery.ToRequest();
            if (await SendAsync("webhook", request, HttpStatusCode.OK) is { } body)
            {
                using var json = JsonDocument.Parse(body);
                Webhooks.Enqueue(new AcknowledgedWebhook(delivery.Header("svix-id"), userId, name, json.RootElement.GetProperty("outcome").GetString()!));
            }

            await PauseAsync(options.WebhookPause, stop);
        }
    }

    /// <summary>The body when the answer had the expected status; null otherwise (recorded either way).</summary>
    private async Task<string?> SendAsync(string kind, HttpRequestMessage request, HttpStatusCode expected)
    {
        var phase = Phase;
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var ok = response.StatusCode == expected;
            Samples.Enqueue(new Sample(kind, phase, (int)response.StatusCode, response.Headers.RetryAfter is not null, clock.Elapsed.TotalMilliseconds,
                ok ? null : $"{(int)response.StatusCode} {request.Method} {request.RequestUri}: {body[..Math.Min(body.Length, 300)]}"));
            return ok ? body : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            Samples.Enqueue(new Sample(kind, phase, 0, false, clock.Elapsed.TotalMilliseconds, $"{request.Method} {request.RequestUri}: {ex.GetType().Name}: {ex.Message}"));
            return null;
        }
    }

    private static async Task PauseAsync(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, stop);
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
