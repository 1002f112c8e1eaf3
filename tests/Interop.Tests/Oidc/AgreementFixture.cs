using Auther.Dev;
using Auther.Dev.Oidc;
using Interop.Tests.Infrastructure;

namespace Interop.Tests.Oidc;

/// <summary>Real better-auth and the local Auther in deployed mode, side by side, with the same OAuth client.</summary>
public sealed class AgreementFixture : IAsyncLifetime
{
    public const string Password = "agreement-password-0123";
    private InteropAuther? _real;
    private AutherDevServer? _local;

    public InteropAuther Real => _real ?? throw new InvalidOperationException("Fixture not initialised");

    public AutherDevServer Local => _local ?? throw new InvalidOperationException("Fixture not initialised");

    public async Task InitializeAsync()
    {
        _real = await InteropAuther.StartAsync();
        var client = new OidcClientOptions { ClientId = InteropAuther.WebClientId, ClientSecret = InteropAuther.ClientSecrets[InteropAuther.WebClientId] };
        client.RedirectUris.Add(InteropAuther.RedirectUri);
        var options = new AutherDevOptions { Mode = AutherMode.Deployed, Issuer = InteropAuther.JwtIssuer, Audience = InteropAuther.JwtAudience };
        options.OidcClients.Add(client);
        _local = await AutherDevServer.StartAsync(options);
    }

    /// <summary>The same new user (two-word name, no image) in both, by each one's own way of signing up.</summary>
    public async Task<string> NewUserAsync()
    {
        var email = $"agree-{Guid.NewGuid():N}@interop.test";
        await Real.Client.SignUpAsync(email, Password, "Ann Lee");
        Local.CreateUser(email, "Ann Lee", password: Password);
        return email;
    }

    /// <summary>A code flow of the web client against one of the two.</summary>
    public OAuthFlow Flow(Uri baseUrl, string scope = OAuthFlow.AllScopes) =>
        new(baseUrl, InteropAuther.WebClientId, InteropAuther.ClientSecrets[InteropAuther.WebClientId], InteropAuther.RedirectUri, scope);

    public async Task DisposeAsync()
    {
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }

        if (_real is not null)
        {
            await _real.DisposeAsync();
        }
    }
}
