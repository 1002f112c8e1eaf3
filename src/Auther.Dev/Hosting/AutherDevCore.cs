using Auther.Dev.Grants;
using Auther.Dev.Keys;
using Auther.Dev.Oidc;
using Auther.Dev.Permissions;
using Auther.Dev.Sessions;
using Auther.Dev.State;
using Auther.Dev.Tokens;
using Auther.Dev.Users;
using Auther.Dev.Webhooks;
using Auther.Dev.Webhooks.Delivery;
using Microsoft.Extensions.Logging;

namespace Auther.Dev.Hosting;

/// <summary>
/// The local Auther's parts, wired by hand in dependency order: small enough that a container would only hide
/// the wiring. Shared by the HTTP routes (as one DI singleton) and the in-process API.
/// </summary>
internal sealed class AutherDevCore : IAsyncDisposable
{
    public AutherDevCore(AutherDevOptions options, ILoggerFactory loggers)
    {
        Options = options;
        Time = options.TimeProvider;
        Server = new ServerInfo(options);
        State = StateStore.Open(options.StateFile);
        Keys = new KeyRing(State, Time, options.KeyGracePeriod);
        Keys.EnsureCurrent(options.Algorithm);
        Endpoints = new EndpointRegistry(options.WebhookEndpoints);
        Deliveries = new DeliveryLog(options.DeliveryLogSize);
        DeliveryQueue = new WebhookDeliveryQueue(options.Retry, Time, loggers.CreateLogger("Auther.Dev.Webhooks"));
        Events = new EventPublisher(Endpoints, DeliveryQueue, Deliveries, Server, Time);
        Users = new UserService(State, Events, Server, Time);
        Tokens = new TokenMinter(Keys, Users, Server, Time);
        Sessions = new SessionService(State, Events, Server, options, Time);
        SignIns = new SignInService(Users, Sessions, Tokens, Server, options);
        SessionJwts = new SessionJwt(Tokens, Server, Time);
        IdTokens = new IdTokenFactory(Tokens, Server, Time);
        Oidc = new OidcService(options, Time);
        OidcGrants = new OidcGrants(Time);
        OidcTokens = new OidcTokens(Server, OidcGrants, Tokens, IdTokens, Users, TokenPermissions, Time);
        Grants = new GrantService(State, Events, Server);
        Permissions = new PermissionEvaluator(options, Grants);
    }

    public AutherDevOptions Options { get; }

    public TimeProvider Time { get; }

    public ServerInfo Server { get; }

    public StateStore State { get; }

    public KeyRing Keys { get; }

    public EndpointRegistry Endpoints { get; }

    public DeliveryLog Deliveries { get; }

    public WebhookDeliveryQueue DeliveryQueue { get; }

    public EventPublisher Events { get; }

    public UserService Users { get; }

    public TokenMinter Tokens { get; }

    public SessionService Sessions { get; }

    public SignInService SignIns { get; }

    public SessionJwt SessionJwts { get; }

    public IdTokenFactory IdTokens { get; }

    public OidcService Oidc { get; }

    public OidcGrants OidcGrants { get; }

    public OidcTokens OidcTokens { get; }

    public TokenPermissions TokenPermissions { get; } = new();

    public GrantService Grants { get; }

    public PermissionEvaluator Permissions { get; }

    public Faults Faults { get; } = new();

    /// <summary>An id_token for a configured client, as the code flow would issue it, without the browser.</summary>
    public string IssueIdToken(string userId, string clientId, string? nonce = null)
    {
        var user = Users.Find(userId) ?? throw UserService.NotFound();
        var client = Oidc.Client(clientId) ?? throw new AutherDevException(404, "CLIENT_NOT_FOUND", $"No OAuth client {clientId} is configured.");
        return IdTokens.Create(user, client.ClientId, ["openid", "profile", "email"], nonce, null);
    }

    /// <summary>Remembers the issuer and audience in the state file so <c>mint-token</c> on the same file agrees with <c>serve</c>.</summary>
    public void RecordServerIdentity() => State.Change(d =>
    {
        d.Issuer = Server.Issuer;
        d.Audience = Server.Audience;
        return 0;
    });

    public ValueTask DisposeAsync() => DeliveryQueue.DisposeAsync();
}
