using System.Net;
using App.Tests.Errors;
using App.Tests.Infrastructure;

namespace App.Tests.ShadowUsers;

/// <summary>
/// An instance that started while PostgreSQL was down cannot read the token deny-list: it answers authenticated
/// requests 503 (with Retry-After) and is not ready, and once the database is back it serves them, without a restart.
/// </summary>
public sealed class DenyListRecoveryTests(DatabaseDownAtStartFixture api) : IClassFixture<DatabaseDownAtStartFixture>
{
    [Fact]
    public async Task StartedWhileTheDatabaseIsDown_Answers503_ThenServesOnceItIsBack_WithoutARestart()
    {
        var client = api.ClientWith(api.TokenFor(TestData.NewUserId()));
        client.Timeout = TimeSpan.FromSeconds(30);

        for (var i = 0; i < 3; i++)
        {
            using var refused = await client.GetAsync("/api/me");
            (await ProblemAssert.IsProblemAsync(refused, 503)).GetProperty("code").GetString().ShouldBe("database_unavailable");
            refused.Headers.RetryAfter.ShouldNotBeNull();
        }

        using (var notReady = await client.GetAsync("/health/ready"))
        {
            (await ProblemAssert.IsProblemAsync(notReady, 503)).GetProperty("checks").GetProperty("deny-list").GetProperty("status").GetString()
                .ShouldBe("Unhealthy");
        }

        api.Server.Start();

        var status = await Eventually.ReturnsAsync(async () => (await client.GetAsync("/api/me")).StatusCode,
            s => s == HttpStatusCode.OK, within: TimeSpan.FromSeconds(30));
        status.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>The API on a PostgreSQL cluster of its own that is stopped before the API starts.</summary>
public sealed class DatabaseDownAtStartFixture : DatabaseFaultFixture
{
    protected override void BeforeInstances() => Server.Stop();
}
