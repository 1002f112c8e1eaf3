using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace App.AutherKeys;

/// <summary>
/// Auther's discovery document and keys for an OpenID Connect client (the web app's OIDC handler). The stock
/// ConfigurationManager drops Ed25519 keys (IdentityModel skips <c>kty: OKP</c>) and, after a token names an
/// unknown kid, refreshes in the background so that very sign-in still fails. This one publishes every key
/// <see cref="JwkConverter"/> accepts, Ed25519 included, and when the token handler asks for a refresh (it does
/// so on an unknown kid, then validates again with what this returns) the next read fetches at once, at most
/// once per <see cref="BaseConfigurationManager.RefreshInterval"/> (30 s here) so a stream of forged kids cannot make
/// it hammer Auther. It reads the document again every <see cref="BaseConfigurationManager.AutomaticRefreshInterval"/> (1 h).
/// </summary>
public sealed class AutherOidcConfiguration : BaseConfigurationManager, IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastForcedRefresh = DateTimeOffset.MinValue;
    private volatile bool _refreshRequested;

    public AutherOidcConfiguration(string metadataAddress, HttpClient http, TimeProvider time)
    {
        MetadataAddress = metadataAddress;
        _http = http;
        _time = time;
        AutomaticRefreshInterval = TimeSpan.FromHours(1);
        RefreshInterval = TimeSpan.FromSeconds(30);
    }

    /// <summary>The kids of the keys currently held (for tests and diagnostics).</summary>
    public IReadOnlyCollection<string> KeyIds => _current?.SigningKeys.Select(k => k.KeyId).ToList() ?? [];

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (_current is { } current && !_refreshRequested && _time.GetUtcNow() - _fetchedAt < AutomaticRefreshInterval)
        {
            return current;
        }

        await _fetch.WaitAsync(cancel);
        try
        {
            // Another caller may have fetched while this one waited.
            if (_current is { } fresh && !_refreshRequested && _time.GetUtcNow() - _fetchedAt < AutomaticRefreshInterval)
            {
                return fresh;
            }

            _refreshRequested = false;
            try
            {
                _current = await FetchAsync(cancel);
                _fetchedAt = _time.GetUtcNow();
            }
            catch (Exception ex) when (_current is not null && ex is HttpRequestException or IOException or InvalidOperationException
                                           or TaskCanceledException or ArgumentException)
            {
                // Auther unreachable for a moment: the keys held are still good; try again after a short while.
                _fetchedAt = _time.GetUtcNow() - AutomaticRefreshInterval + RefreshInterval;
            }

            return _current;
        }
        finally
        {
            _fetch.Release();
        }
    }

    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) => await GetConfigurationAsync(cancel);

    public override void RequestRefresh()
    {
        var now = _time.GetUtcNow();
        if (now - _lastForcedRefresh >= RefreshInterval)
        {
            _lastForcedRefresh = now;
            _refreshRequested = true;
        }
    }

    private async Task<OpenIdConnectConfiguration> FetchAsync(CancellationToken cancel)
    {
        var retriever = new HttpDocumentRetriever(_http) { RequireHttps = MetadataAddress.StartsWith("https://", StringComparison.OrdinalIgnoreCase) };
        var document = await OpenIdConnectConfigurationRetriever.GetAsync(MetadataAddress, retriever, cancel);
        // Replace what IdentityModel made of the JWKS with the keys Auther may sign with, Ed25519 among them.
        document.SigningKeys.Clear();
        foreach (var jwk in document.JsonWebKeySet?.Keys ?? [])
        {
            if (JwkConverter.Convert(jwk) is { } key)
            {
                document.SigningKeys.Add(key.Key);
            }
        }

        return document.SigningKeys.Count > 0
            ? document
            : throw new InvalidOperationException($"Auther's JWKS ({document.JwksUri}) holds no usable EdDSA, RS256 or ES256 signing key.");
    }
}
