using System.Net.Http.Headers;

namespace App.Tests.Infrastructure;

/// <summary>
/// The API wired to a real local Auther (Auther.Dev on a random loopback port): its JWKS verifies the
/// tokens minted here, and /check-permission answers from <see cref="AutherDevOptions.ExpenseApprovalLimits"/>
/// and <see cref="AutherDevOptions.PermissionRules"/>, both changeable while the test runs through
/// <c>Auther.Options</c>.
/// </summary>
public class AutherApiFixture : ApiFixture
{
    private AutherDevServer? _auther;

    public AutherDevServer Auther => _auther ?? throw new InvalidOperationException("Fixture not initialised");

    public override async Task InitializeAsync()
    {
        var options = new AutherDevOptions { Audience = Audience, AdminApiKey = AdminApiKey, SignupSecret = SignupSecret };
        ConfigureAuther(options);
        _auther = await AutherDevServer.StartAsync(options);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_auther is not null)
        {
            await _auther.DisposeAsync();
        }
    }

    /// <summary>A real token, signed with the local Auther's current key.</summary>
    public string MintToken(TokenRequest request) => Auther.MintToken(request);

    /// <summary>A client that sends <paramref name="request"/>'s token as <c>Authorization: Bearer</c>.</summary>
    public HttpClient CreateClient(TokenRequest request)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MintToken(request));
        return client;
    }

    /// <summary>For a derived fixture to start the local Auther differently.</summary>
    protected virtual void ConfigureAuther(AutherDevOptions options)
    {
    }

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Auther:Url"] = Auther.BaseUrl.ToString();
        settings["Auther:Issuers:0"] = Auther.Issuer;
        return settings;
    }
}
