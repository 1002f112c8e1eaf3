using App.Api.Auth;
using App.Api.Errors;
using App.Api.ShadowUsers;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace App.Tests.ShadowUsers;

/// <summary>
/// <see cref="ShadowUserLookup"/> without the API: with <c>Auth:LookUpNewUsers</c> off a new user is not looked up; a
/// failed lookup is logged (with Auther's problem, when it answered one) and the next user is still looked up; a lookup
/// cut short by the host stopping is no failure. The lookup's scope has no Auther client here, so each lookup that runs
/// ends in its logged failure, in queue order.
/// </summary>
public sealed class ShadowUserLookupTests
{
    [Fact]
    public async Task WhileLookingUpIsOff_ANewUserIsNotLookedUp()
    {
        var options = new AuthOptions { LookUpNewUsers = false };
        var logger = new RecordingLogger<ShadowUserLookup>();
        var scopes = new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();
        var lookup = new ShadowUserLookup(scopes, Options.Create(options), logger);
        await lookup.StartAsync(CancellationToken.None);
        try
        {
            lookup.Enqueue("user-while-off");
            options.LookUpNewUsers = true;
            lookup.Enqueue("user-while-on");

            // One reader, in order: once the second user's lookup has run, the first one's would have too.
            await Eventually.ReturnsAsync(() => Task.FromResult(logger.Entries.ToList()), e => e.Any(x => x.Message.Contains("user-while-on")));
            logger.Entries.ShouldNotContain(e => e.Message.Contains("user-while-off"));
        }
        finally
        {
            await lookup.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task ALookupAutherAnswersWithAProblem_IsLoggedWithIt_AndTheNextUserIsStillLookedUp()
    {
        var failure = new ProblemException(StatusCodes.Status502BadGateway, "The identity provider failed", "Auther answered 500 to list-users.");
        var (lookup, logger) = await StartedAsync(new FailingOnceScopes(Scopes(), () => throw failure));
        try
        {
            lookup.Enqueue("first");
            lookup.Enqueue("second");

            await Eventually.ReturnsAsync(() => Task.FromResult(logger.Entries.ToList()), e => e.Any(x => x.Message.Contains("second")));
            logger.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains("first") &&
                e.Message.Contains("The identity provider failed: Auther answered 500 to list-users."));
        }
        finally
        {
            await lookup.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Only the host stopping ends the lookups: a cancellation of a lookup's own (a timeout, say) is a failed lookup.</summary>
    [Fact]
    public async Task ALookupCanceledWhileTheHostRuns_IsAFailedLookup_AndTheNextUserIsStillLookedUp()
    {
        var (lookup, logger) = await StartedAsync(new FailingOnceScopes(Scopes(), () => throw new OperationCanceledException("timed out")));
        try
        {
            lookup.Enqueue("first");
            lookup.Enqueue("second");

            await Eventually.ReturnsAsync(() => Task.FromResult(logger.Entries.ToList()), e => e.Any(x => x.Message.Contains("second")));
            logger.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains("first") && e.Message.Contains("timed out"));
        }
        finally
        {
            await lookup.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task ALookupCutShortByTheHostStopping_IsNotLoggedAsAFailure()
    {
        using var inLookup = new SemaphoreSlim(0);
        using var stopped = new ManualResetEventSlim();
        var (lookup, logger) = await StartedAsync(new FailingOnceScopes(Scopes(), () =>
        {
            inLookup.Release();
            stopped.Wait(TimeSpan.FromSeconds(30));
            throw new OperationCanceledException("host stopping");
        }));

        lookup.Enqueue("in-flight");
        (await inLookup.WaitAsync(TimeSpan.FromSeconds(15))).ShouldBeTrue();
        var stopping = lookup.StopAsync(CancellationToken.None);
        stopped.Set();
        await stopping;

        lookup.ExecuteTask!.IsCanceled.ShouldBeTrue();
        logger.Entries.ShouldBeEmpty();
    }

    private static async Task<(ShadowUserLookup Lookup, RecordingLogger<ShadowUserLookup> Logger)> StartedAsync(IServiceScopeFactory scopes)
    {
        var logger = new RecordingLogger<ShadowUserLookup>();
        var lookup = new ShadowUserLookup(scopes, Options.Create(new AuthOptions { LookUpNewUsers = true }), logger);
        await lookup.StartAsync(CancellationToken.None);
        return (lookup, logger);
    }

    private static IServiceScopeFactory Scopes() => new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();

    /// <summary>The first lookup's scope fails as <paramref name="fail"/> says (where the Auther call would fail); the rest are <paramref name="inner"/>'s.</summary>
    private sealed class FailingOnceScopes(IServiceScopeFactory inner, Func<IServiceScope> fail) : IServiceScopeFactory
    {
        private int _calls;

        public IServiceScope CreateScope() => Interlocked.Increment(ref _calls) == 1 ? fail() : inner.CreateScope();
    }
}
