using System.Net;
using App.Api.ShadowUsers;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.ShadowUsers;

/// <summary>Just-in-time shadow rows: created on a user's first request, once, whoever races whom.</summary>
public sealed class ShadowUserProvisioningTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task FirstRequest_CreatesTheShadowRowFromTheTokensProfile_BeforeTheHandlerRuns()
    {
        var userId = TestData.NewUserId();
        var token = api.TokenFor(userId, r => r with { Email = "ada@example.com", Name = "Ada Lovelace", Role = "user" });
        using var metrics = new AuthMetricsRecorder(api.Services);

        using var response = await api.ClientWith(token).GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = api.CreateDbContext();
        var row = await db.Users.SingleAsync(u => u.Id == userId);
        (row.Email, row.Name, row.Role, row.EmailVerified, row.Banned).ShouldBe(("ada@example.com", "Ada Lovelace", "user", true, false));
        (metrics.Provisioned("created"), metrics.Provisioned("existing")).ShouldBe((1, 0));
    }

    [Fact]
    public async Task ARowNotInTheCache_IsReadBack_AndCountedAsExisting()
    {
        var userId = TestData.NewUserId();
        using var client = api.ClientWith(api.TokenFor(userId));
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        api.Services.GetRequiredService<ShadowUserCache>().Evict(userId);
        using var metrics = new AuthMetricsRecorder(api.Services);

        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (metrics.Provisioned("existing"), metrics.Provisioned("created")).ShouldBe((1, 0));
    }

    /// <summary>
    /// Each user's first requests reach both instances at once, so the two instances' inserts race in PostgreSQL
    /// (within one instance, concurrent first requests share one attempt and never race).
    /// </summary>
    [Fact]
    public async Task ConcurrentFirstRequests_OfManyNewUsers_OnTwoInstances_CreateExactlyOneRowEach()
    {
        var second = api.CreateInstance();
        var users = Enumerable.Range(0, 50).Select(_ => TestData.NewUserId()).ToList();
        var tokens = users.ToDictionary(u => u, u => api.TokenFor(u));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var requests = users.SelectMany(user => new[] { api.Factory, second, api.Factory, second }.Select(async instance =>
        {
            using var client = api.ClientWith(tokens[user], instance);
            await start.Task;
            using var response = await client.GetAsync("/api/me");
            return response.StatusCode;
        })).ToList();
        start.SetResult();
        var statuses = await Task.WhenAll(requests);

        statuses.Length.ShouldBe(200);
        statuses.ShouldAllBe(s => s == HttpStatusCode.OK);
        await using var db = api.CreateDbContext();
        (await db.Users.CountAsync(u => users.Contains(u.Id))).ShouldBe(50);
    }

    [Fact]
    public async Task TombstonedUser_IsNotRecreated_AndTheirTokenIsRefused()
    {
        var userId = TestData.NewUserId();
        await using (var db = api.CreateDbContext())
        {
            db.UserTombstones.Add(new App.Data.Users.UserTombstone { UserId = userId, DeletedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        using var metrics = new AuthMetricsRecorder(api.Services);

        using var response = await api.ClientWith(api.TokenFor(userId)).GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("account_deleted");
        await using var check = api.CreateDbContext();
        (await check.Users.AnyAsync(u => u.Id == userId)).ShouldBeFalse();
        metrics.Provisioned("tombstoned").ShouldBe(1);
    }
}
