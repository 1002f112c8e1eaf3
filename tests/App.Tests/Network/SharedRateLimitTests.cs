using System.Net;
using System.Net.Http.Json;
using App.Api.Database;
using App.Api.Network;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace App.Tests.Network;

/// <summary>Two calls per client address per ten minutes, so the third is refused (the sign-up limit tests use it too).</summary>
public class TwoCallsPerClientFixture() : ApiFixture(new() { Settings = { ["RateLimits:PerIp:PermitLimit"] = "2", ["RateLimits:PerIp:Window"] = "00:10:00" } });

/// <summary>Instances behind a load balancer draw on one budget per client, counted in PostgreSQL.</summary>
public sealed class SharedRateLimitTests(TwoCallsPerClientFixture api) : IClassFixture<TwoCallsPerClientFixture>
{
    [Fact]
    public async Task TwoInstances_DrawOnTheSameBudget_AndTheThirdCallIsRefusedWhereverItLands()
    {
        var other = api.CreateInstance();
        using var first = api.CreateClient();
        using var second = other.CreateClient();

        (await SignUpAsync(first)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await SignUpAsync(second)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var limited = await SignUpAsync(first);

        await ProblemAssert.IsProblemAsync(limited, 429);
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 600);
        (await api.QueryAsync(db => db.RateLimitWindows.SumAsync(w => w.Used))).ShouldBe(3);
    }

    internal static Task<HttpResponseMessage> SignUpAsync(HttpClient client) =>
        // Invalid input: answered 400 by the app itself, after the rate limiter counted it.
        client.PostAsJsonAsync("/api/auth/sign-up", new { email = "not-an-email", password = "x", name = "" });
}

/// <summary>The limiter's database is down: budgets are counted per instance instead; nothing answers 5xx.</summary>
public sealed class RateLimitDatabaseDownFixture : TwoCallsPerClientFixture
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(new RateLimitStore(
            Options.Create(new DatabaseOptions { ConnectionString = "Host=127.0.0.1;Port=9;Username=none;Database=none;Timeout=2" }),
            TimeProvider.System, NullLogger<RateLimitStore>.Instance));
}

public sealed class RateLimitDatabaseDownTests(RateLimitDatabaseDownFixture api) : IClassFixture<RateLimitDatabaseDownFixture>
{
    [Fact]
    public async Task BudgetsAreCountedInMemory_WhileTheDatabaseCannotAnswer()
    {
        using var client = api.CreateClient();

        (await SharedRateLimitTests.SignUpAsync(client)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await SharedRateLimitTests.SignUpAsync(client)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var limited = await SharedRateLimitTests.SignUpAsync(client);

        await ProblemAssert.IsProblemAsync(limited, 429);
        (await api.QueryAsync(db => db.RateLimitWindows.CountAsync())).ShouldBe(0);
    }
}
