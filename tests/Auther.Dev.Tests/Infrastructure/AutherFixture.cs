namespace Auther.Dev.Tests.Infrastructure;

/// <summary>
/// One local Auther per test class (<c>IClassFixture&lt;AutherFixture&gt;</c>) for tests that only read or that
/// create their own users; tests that change switches, keys or modes start their own with <see cref="TestAuther"/>.
/// </summary>
public sealed class AutherFixture : IAsyncLifetime
{
    private AutherDevServer? _server;

    public AutherDevServer Server => _server ?? throw new InvalidOperationException("Fixture not initialised");

    public HttpClient CreateClient() => TestAuther.Client(Server);

    public async Task InitializeAsync() => _server = await TestAuther.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
