using Auther.Dev.Webhooks.Delivery;

namespace Auther.Dev.Tests.Infrastructure;

/// <summary>Starts a local Auther with test-friendly defaults: random port, memory only, retries in milliseconds.</summary>
public static class TestAuther
{
    public const string SignupSecret = "test-signup-secret-0123456789abcdef-0123";
    public const string AdminApiKey = "test-admin-api-key";
    public const string Audience = "app-api";

    public static Task<AutherDevServer> StartAsync(Action<AutherDevOptions>? configure = null)
    {
        var options = new AutherDevOptions
        {
            SignupSecret = SignupSecret,
            AdminApiKey = AdminApiKey,
            Audience = Audience,
            Retry = new WebhookRetryOptions { InitialDelay = TimeSpan.FromMilliseconds(50), Multiplier = 2, RequestTimeout = TimeSpan.FromSeconds(5) },
        };
        options.LogLevel = Microsoft.Extensions.Logging.LogLevel.Error;
        configure?.Invoke(options);
        return AutherDevServer.StartAsync(options);
    }

    public static HttpClient Client(AutherDevServer server) => new() { BaseAddress = server.BaseUrl };
}
