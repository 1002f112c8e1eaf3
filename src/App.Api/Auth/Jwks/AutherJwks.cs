using App.AutherKeys;
using App.Api.IdentityProvider;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace App.Api.Auth.Jwks;

/// <summary>
/// JwtBearer's OpenID configuration manager for Auther. The stock ConfigurationManager cannot serve
/// Ed25519 keys, refreshes in the background after a RequestRefresh (so the request that saw a new kid
/// still fails), and throttles forced refreshes to 5 minutes. This one:
/// <list type="bullet">
/// <item>serves the current key set from memory (no network on the steady-state path);</item>
/// <item>is refreshed by <see cref="JwksRefreshService"/> every few minutes; a failed fetch keeps the last good set;</item>
/// <item>on an unknown kid, runs ONE shared fetch that callers await, at most once per cooldown.</item>
/// </list>
/// </summary>
public sealed class AutherJwks(
    IHttpClientFactory httpClientFactory,
    IOptions<AutherOptions> autherOptions,
    IOptions<AuthOptions> authOptions,
    AuthMetrics metrics,
    TimeProvider time,
    ILogger<AutherJwks> logger) : IConfigurationManager<OpenIdConnectConfiguration>
{
    public const string HttpClientName = "auther-jwks";

    /// <summary>
    /// How long after start a failed fetch is expected rather than a fault: <c>./run.sh</c> (and a rolling
    /// deploy beside Auther) start the API before Auther answers, and the refresher retries within seconds.
    /// </summary>
    public static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private volatile AutherKeySet? _current;
    private Task<OpenIdConnectConfiguration>? _currentTask;
    private Task<AutherKeySet?>? _inflight;
    private DateTimeOffset _lastUnknownKidFetch = DateTimeOffset.MinValue;
    private DateTimeOffset _lastColdStartAttempt = DateTimeOffset.MinValue;
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public AutherKeySet? Current => _current;

    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var task = _currentTask;
        // Stryker disable once NullCoalescing: without the cached task every call goes through ColdStartAsync, whose first check
        // answers the loaded set's Configuration, the same object _currentTask holds (set together, under _gate); only an async
        // call is saved
        return task ?? ColdStartAsync(cancel);
    }

    /// <summary>JwtBearer's own hook; the app refreshes for unknown kids itself (awaited, throttled), so this only nudges.</summary>
    // Stryker disable once String: any kid the current set does not hold refreshes the same way, and no set holds the empty one
    // (JwkConverter drops keys without a kid)
    public void RequestRefresh() => _ = RefreshForUnknownKidAsync(string.Empty, CancellationToken.None);

    /// <summary>The current keys, fetching them first if none were ever loaded.</summary>
    public async Task<AutherKeySet> GetKeySetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current)
        {
            return current;
        }

        await ColdStartAsync(cancellationToken);
        return _current!;
    }

    /// <summary>
    /// A token named a kid the app does not know: refresh (shared by every concurrent caller, at most once per
    /// cooldown) and return the newest set. The caller re-validates the same request with it.
    /// </summary>
    public async Task<AutherKeySet?> RefreshForUnknownKidAsync(string kid, CancellationToken cancellationToken)
    {
        Task<AutherKeySet?> fetch;
        lock (_gate)
        {
            // RequestRefresh's empty kid is in no set (JwkConverter drops keys without a kid), so it always refreshes.
            if (_current is { } current && current.Contains(kid))
            {
                return current;
            }

            if (_inflight is { } inflight)
            {
                fetch = inflight;
            }
            else if (time.GetUtcNow() - _lastUnknownKidFetch < authOptions.Value.UnknownKidCooldown)
            {
                return _current;
            }
            else
            {
                _lastUnknownKidFetch = time.GetUtcNow();
                fetch = StartFetchLocked("unknown_kid");
            }
        }

        return await fetch.WaitAsync(cancellationToken);
    }

    /// <summary>Scheduled refresh (and the first load at start-up); joins a fetch already running.</summary>
    public Task<AutherKeySet?> RefreshAsync(string reason)
    {
        lock (_gate)
        {
            return _inflight ?? StartFetchLocked(reason);
        }
    }

    private async Task<OpenIdConnectConfiguration> ColdStartAsync(CancellationToken cancellationToken)
    {
        Task<AutherKeySet?> fetch;
        lock (_gate)
        {
            if (_current is { } loaded)
            {
                return loaded.Configuration;
            }

            if (_inflight is { } inflight)
            {
                fetch = inflight;
            }
            else if (time.GetUtcNow() - _lastColdStartAttempt < authOptions.Value.KeysUnavailableRetryAfter)
            {
                // Auther was unreachable moments ago: answer at once instead of queueing every request behind a timeout.
                throw new KeysUnavailableException("Auther's signing keys are not available yet.");
            }
            else
            {
                _lastColdStartAttempt = time.GetUtcNow();
                fetch = StartFetchLocked("cold_start");
            }
        }

        var keys = await fetch.WaitAsync(cancellationToken);
        return keys?.Configuration ?? throw new KeysUnavailableException("Auther's signing keys could not be fetched.");
    }

    private Task<AutherKeySet?> StartFetchLocked(string reason)
    {
        var task = FetchAsync(reason);
        _inflight = task;
        _ = task.ContinueWith(_ =>
        {
            lock (_gate)
            {
                if (ReferenceEquals(_inflight, task))
                {
                    _inflight = null;
                }
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private async Task<AutherKeySet?> FetchAsync(string reason)
    {
        // Stryker disable once Statement: without the yield the fetch runs synchronously inside _gate (a re-entrant Lock) up to
        // its first await, the HTTP request; the callers get the same task and keys, the lock is only held a little longer
        await Task.Yield();
        var auther = autherOptions.Value;
        try
        {
            var fetchTimeout = authOptions.Value.JwksFetchTimeout;
            using var timeout = new CancellationTokenSource(fetchTimeout, time);
            var address = auther.ResolvedMetadataAddress;
            var retriever = new HttpDocumentRetriever(httpClientFactory.CreateClient(HttpClientName))
            {
                RequireHttps = address.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
            };
            // Discovery and JWKS together within the timeout, whatever the retriever does with the token.
            var document = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, timeout.Token).WaitAsync(fetchTimeout, time);
            var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
            foreach (var jwk in document.JsonWebKeySet?.Keys ?? [])
            {
                if (JwkConverter.Convert(jwk) is { } key)
                {
                    keys.TryAdd(jwk.Kid, key);
                }
            }

            if (keys.Count == 0)
            {
                throw new InvalidOperationException("The JWKS holds no usable EdDSA, RS256 or ES256 signing key.");
            }

            var previous = _current;
            var changed = previous is null || !previous.Keys.Keys.ToHashSet().SetEquals(keys.Keys);
            // Deployed Auther's session JWTs carry the discovery issuer (JWT_ISSUER), its id_tokens the base URL.
            var issuer = auther.TrustDiscoveryIssuer && !string.IsNullOrWhiteSpace(document.Issuer) ? document.Issuer : auther.ResolvedIssuers[0];
            var set = new AutherKeySet(keys, issuer, time.GetUtcNow(), (previous?.Version ?? 0) + (changed ? 1 : 0));
            lock (_gate)
            {
                _current = set;
                _currentTask = Task.FromResult(set.Configuration);
            }

            metrics.JwksRefreshed(reason, "ok");
            if (changed)
            {
                logger.LogInformation("Loaded {Count} Auther signing key(s) ({Reason}): {Kids}", keys.Count, reason, string.Join(", ", keys.Keys));
            }

            return set;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or TimeoutException
                                       or InvalidOperationException or ArgumentException or System.Text.Json.JsonException)
        {
            metrics.JwksRefreshed(reason, "error");
            if (_current is null && time.GetUtcNow() - _startedAt < StartupGrace)
            {
                logger.LogInformation("Auther's signing keys are not available yet ({Reason}), retrying shortly: {Error}", reason, ex.Message);
            }
            else
            {
                logger.LogWarning("Fetching Auther's JWKS failed ({Reason}); {Fallback}: {Error}", reason,
                    _current is null ? "no keys yet" : "keeping the last good keys", ex.Message);
            }

            return _current;
        }
    }
}
