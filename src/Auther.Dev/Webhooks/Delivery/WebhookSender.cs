using Auther.Dev.Webhooks.Signing;

namespace Auther.Dev.Webhooks.Delivery;

/// <summary>Makes one delivery attempt over HTTP and reports how it went; any 2xx is success, anything else a failure to retry.</summary>
internal sealed class WebhookSender(WebhookRetryOptions retry, TimeProvider time) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = retry.RequestTimeout,
    };

    public async Task<AttemptOutcome> SendAsync(DeliveryState delivery, CancellationToken stopping)
    {
        try
        {
            using var request = WebhookRequestFactory.Create(delivery, time.GetUtcNow());
            using var response = await _http.SendAsync(request, stopping);
            var status = (int)response.StatusCode;
            return new AttemptOutcome(response.IsSuccessStatusCode, status, response.IsSuccessStatusCode ? null : $"HTTP {status}");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // HttpClient's own timeout surfaces as a cancellation too; a dead endpoint is just another failure.
            return new AttemptOutcome(false, null, ex is TaskCanceledException ? "timeout" : ex.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}

internal sealed record AttemptOutcome(bool Succeeded, int? StatusCode, string? Error);
