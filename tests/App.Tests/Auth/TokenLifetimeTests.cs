using System.Net;
using App.Tests.Infrastructure;
using Auther.Dev.Tokens;

namespace App.Tests.Auth;

/// <summary>A token dated in the future, or living longer than Auth:MaxTokenLifetime, is refused even with a valid signature.</summary>
public sealed class TokenLifetimeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task IssuedTenYearsAhead_Is401IssuedInFuture()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with { IssuedAt = DateTimeOffset.UtcNow.AddYears(10), Lifetime = TimeSpan.FromHours(1) });

        var problem = await ProblemAssert.IsProblemAsync(await api.ClientWith(token).GetAsync("/api/me"), 401);

        problem.GetProperty("code").GetString().ShouldBe("issued_in_future");
    }

    [Fact]
    public async Task IssuedInTheFutureInMilliseconds_IsNormalisedFirst_AndRefused()
    {
        var issued = DateTimeOffset.UtcNow.AddDays(1);
        var token = api.TokenFor(TestData.NewUserId(), r => r with
        {
            ExtraClaims = new Dictionary<string, object?> { ["iat"] = issued.ToUnixTimeMilliseconds(), ["exp"] = issued.AddHours(1).ToUnixTimeSeconds() },
        });

        var problem = await ProblemAssert.IsProblemAsync(await api.ClientWith(token).GetAsync("/api/me"), 401);

        problem.GetProperty("code").GetString().ShouldBe("issued_in_future");
    }

    [Fact]
    public async Task ThirtyDayLifetime_Is401LifetimeTooLong()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with { Lifetime = TimeSpan.FromDays(30) });

        var problem = await ProblemAssert.IsProblemAsync(await api.ClientWith(token).GetAsync("/api/me"), 401);

        problem.GetProperty("code").GetString().ShouldBe("lifetime_too_long");
    }

    [Fact]
    public async Task DeployedStyleTwoDayToken_WithIatInMilliseconds_IsAccepted()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with { Style = TokenStyle.Deployed });

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task IssuedAFewSecondsAhead_WithinTheClockSkew_IsAccepted()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with { IssuedAt = DateTimeOffset.UtcNow.AddSeconds(10) });

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Third hostile round, item 7: without iat the cap was skipped, and a ten-year token got in.</summary>
    [Fact]
    public async Task WithoutIat_TenYearsLeft_Is401LifetimeTooLong()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with
        {
            ExtraClaims = new Dictionary<string, object?> { ["iat"] = null, ["exp"] = DateTimeOffset.UtcNow.AddYears(10).ToUnixTimeSeconds() },
        });

        var problem = await ProblemAssert.IsProblemAsync(await api.ClientWith(token).GetAsync("/api/me"), 401);

        problem.GetProperty("code").GetString().ShouldBe("lifetime_too_long");
    }

    [Fact]
    public async Task WithoutIat_AnHourLeft_IsAccepted()
    {
        var token = api.TokenFor(TestData.NewUserId(), r => r with
        {
            ExtraClaims = new Dictionary<string, object?> { ["iat"] = null, ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() },
        });

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
