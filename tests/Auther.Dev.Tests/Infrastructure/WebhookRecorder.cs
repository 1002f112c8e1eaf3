using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Auther.Dev.Tests.Infrastructure;

/// <summary>
/// A real HTTP endpoint on a random loopback port that records every webhook request (headers and raw
/// body) and can fail the first N of them, to watch the local Auther's deliveries and retries.
/// </summary>
public sealed class WebhookRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private int _failuresLeft;

    private WebhookRecorder(WebApplication app) => _app = app;

    /// <summary>Runs for each request before it is answered (e.g. to move a test clock between attempts).</summary>
    public Action<ReceivedRequest>? OnRequest { get; set; }

    public string Url { get; private set; } = string.Empty;

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public static async Task<WebhookRecorder> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookRecorder(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address}/hooks";
        return receiver;
    }

    /// <summary>Answer 500 to the next <paramref name="count"/> requests.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var waited = Stopwatch.StartNew();
        while (_received.Count < count)
        {
            if (waited.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"Received {_received.Count} of {count} webhook requests.");
            }

            await Task.Delay(10);
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var request = new ReceivedRequest(headers, body, context.Request.ContentType ?? string.Empty);
        OnRequest?.Invoke(request);
        _received.Enqueue(request);
        context.Response.StatusCode = Interlocked.Decrement(ref _failuresLeft) >= 0 ? 500 : 204;
    }
}

public sealed record ReceivedRequest(IReadOnlyDictionary<string, string> Headers, string Body, string ContentType)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No header {name}");
}
