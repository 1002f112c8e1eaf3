using Auther.Dev.Hosting;
using Auther.Dev.Keys;

namespace Auther.Dev;

/// <summary>
/// A local Auther on real Kestrel: discovery, JWKS, admin, sign-up, check-permission, API-key exchange and
/// signed webhooks, faithful to <c>docs/auther-contract.md</c>. Test infrastructure, not a production IdP. Start one per
/// test class (random loopback port), drive it over HTTP like the real thing or through these members.
/// </summary>
public sealed partial class AutherDevServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AutherDevCore _core;

    private AutherDevServer(WebApplication app, AutherDevCore core)
    {
        _app = app;
        _core = core;
    }

    /// <summary>Starts the server; returns once it accepts connections.</summary>
    public static async Task<AutherDevServer> StartAsync(AutherDevOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var app = ServerHost.Build(options, out var core);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        core.Server.BaseUrl = ServerHost.BoundAddress(app, options);
        if (string.IsNullOrEmpty(core.Server.Issuer))
        {
            core.Server.Issuer = core.Server.BaseUrl.GetLeftPart(UriPartial.Authority);
        }

        core.RecordServerIdentity();
        return new AutherDevServer(app, core);
    }

    /// <summary>Where it listens, with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl => _core.Server.BaseUrl;

    /// <summary>The <c>iss</c> of its tokens and of discovery.</summary>
    public string Issuer => _core.Server.Issuer;

    /// <summary>The default <c>aud</c> of its tokens.</summary>
    public string Audience => _core.Server.Audience;

    /// <summary>Documented or deployed behaviour.</summary>
    public AutherMode Mode => _core.Server.Mode;

    /// <summary>The OpenID configuration at deployed Auther's path.</summary>
    public string MetadataAddress => new Uri(BaseUrl, Routes.Discovery.TrimStart('/')).ToString();

    /// <summary>The JWKS URL.</summary>
    public string JwksUrl => new Uri(BaseUrl, Routes.Jwks.TrimStart('/')).ToString();

    /// <summary>The options it was started with (webhook endpoints added later are in <see cref="WebhookEndpoints"/>).</summary>
    public AutherDevOptions Options => _core.Options;

    /// <summary>Discovery and JWKS answer 500 while set.</summary>
    public bool JwksFailing
    {
        get => _core.Faults.JwksFailing;
        set => _core.Faults.JwksFailing = value;
    }

    /// <summary>Every <c>/api</c> route answers 503 while set (Auther is down).</summary>
    public bool Unavailable
    {
        get => _core.Faults.Unavailable;
        set => _core.Faults.Unavailable = value;
    }

    /// <summary>Added before every <c>/api</c> route answers (a slow Auther, for timeout tests).</summary>
    public TimeSpan ResponseDelay
    {
        get => _core.Faults.ResponseDelay;
        set => _core.Faults.ResponseDelay = value;
    }

    /// <summary>
    /// From now on <paramref name="path"/> answers exactly this (status, Content-Type header as given, body)
    /// instead of its route: Auther answering garbage. <see cref="ClearAnswer"/> restores the route.
    /// </summary>
    public void AnswerWith(string path, int status, string contentType, string body) =>
        _core.Faults.SetAnswer(path, new CannedAnswer(status, contentType, body));

    public void ClearAnswer(string path) => _core.Faults.SetAnswer(path, null);

    /// <summary>Requests to <c>/api/auth/jwks</c> so far.</summary>
    public int JwksRequestCount => _core.Faults.JwksRequests;

    /// <summary>Requests that reached <paramref name="path"/> (e.g. <c>/api/auth/admin/ban-user</c>) so far, whatever they were answered.</summary>
    public int RequestCount(string path) => _core.Faults.Requests(path);

    /// <summary>
    /// Called with each request's path before it is answered, on the request's thread: lets a test change
    /// Auther's state between two calls of the app (say, between two pages of list-users).
    /// </summary>
    public Action<string>? RequestObserver
    {
        get => _core.Faults.Observer;
        set => _core.Faults.Observer = value;
    }

    /// <summary>Requests to either discovery path so far.</summary>
    public int DiscoveryRequestCount => _core.Faults.DiscoveryRequests;

    internal AutherDevCore Core => _core;

    /// <summary>Stops the server and its delivery workers (queued deliveries are dropped).</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    private static KeyInfo ToInfo(StoredKey key) =>
        new(key.Kid, key.Algorithm, key.CreatedAt, key.RetiresAt, KeyMaterial.PublicJwk(key).ToJsonString(Json.AutherJson.Options));
}
