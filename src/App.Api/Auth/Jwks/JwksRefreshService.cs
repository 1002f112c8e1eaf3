using Microsoft.Extensions.Options;

namespace App.Api.Auth.Jwks;

/// <summary>Loads the keys at start-up (retrying until Auther answers) and refreshes them on an interval.</summary>
public sealed class JwksRefreshService(AutherJwks jwks, IOptions<AuthOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reason = "startup";
        while (!stoppingToken.IsCancellationRequested)
        {
            await jwks.RefreshAsync(reason);
            reason = "scheduled";
            var delay = jwks.Current is null ? options.Value.KeysUnavailableRetryAfter : options.Value.JwksRefreshInterval;
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            // Stryker disable once Block: an empty catch lets the loop's condition, which reads the same token, end the loop.
            {
                // Stryker disable once Statement: only stoppingToken cancels the delay, and the loop's condition reads that
                // token, so the loop ends without the return too
                return;
            }
        }
    }
}
