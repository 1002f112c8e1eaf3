using System.Collections.Concurrent;
using App.Api.Auth;
using App.Api.Auth.Jwks;
using App.Api.IdentityProvider;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace App.Tests.Auth;

/// <summary>
/// The API starts before Auther on purpose (./run.sh, rolling deploys): the first misses are expected and
/// logged as information; only a miss after the start-up grace, or losing keys once loaded, is a warning.
/// </summary>
public sealed class JwksStartupLoggingTests
{
    [Fact]
    public async Task AMissAtStartUp_IsInformation_AndStillNoKeysAfterTheGrace_IsAWarning()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var logger = new RecordingLogger();
        var jwks = Unreachable(clock, logger);

        await jwks.RefreshAsync("startup");
        clock.Now += AutherJwks.StartupGrace + TimeSpan.FromSeconds(1);
        await jwks.RefreshAsync("scheduled");

        logger.Entries.Select(e => e.Level).ShouldBe([LogLevel.Information, LogLevel.Warning]);
        logger.Entries.First().Message.ShouldContain("not available yet");
    }

    private static AutherJwks Unreachable(TimeProvider clock, ILogger<AutherJwks> logger)
    {
        var services = new ServiceCollection().AddHttpClient().AddMetrics().BuildServiceProvider();
        return new AutherJwks(
            services.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new AutherOptions { Url = "http://127.0.0.1:9", Audience = "app-api" }),
            Options.Create(new AuthOptions { JwksFetchTimeout = TimeSpan.FromSeconds(2) }),
            new AuthMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            clock,
            logger);
    }

    private sealed class RecordingLogger : ILogger<AutherJwks>
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
