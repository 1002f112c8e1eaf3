using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace App.Tests.Errors;

/// <summary>
/// The database stops under traffic and comes back: every answer meanwhile is a 503 problem with
/// Retry-After (never a 500, never a hang), the outage is logged once, the app recovers without a
/// restart, and a write in flight when the database stopped is either fully there or fully absent.
/// </summary>
public sealed class DatabaseFaultTests(DatabaseFaultFixture api) : IClassFixture<DatabaseFaultFixture>
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DatabaseStopsUnderTraffic_Answers503Problems_LogsOnce_AndRecoversWithoutRestart()
    {
        var (owner, slug) = await OwnerWithOrganizationAsync();
        var newcomer = api.ClientWith(api.TokenFor(TestData.NewUserId()));
        newcomer.Timeout = NoHang;
        var answers = new ConcurrentBag<HttpResponseMessage>();
        using var stop = new CancellationTokenSource();
        var traffic = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                answers.Add(i switch
                {
                    0 => await owner.GetAsync($"/api/orgs/{slug}/expenses"),
                    1 => await owner.PostAsJsonAsync($"/api/orgs/{slug}/expenses", new { amount = 1.5m, currency = "EUR", description = "taxi" }),
                    2 => await newcomer.GetAsync("/api/me"),
                    _ => await owner.GetAsync("/health/ready"),
                });
            }
        })).ToList();

        await Task.Delay(500);
        api.Server.Stop();
        var during = await Eventually.ReturnsAsync(() => owner.GetAsync($"/api/orgs/{slug}/expenses"),
            r => r.StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
        await Task.Delay(1500);
        api.Server.Start();
        var after = await Eventually.ReturnsAsync(() => owner.GetAsync($"/api/orgs/{slug}/expenses"),
            r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Task.WhenAll(traffic);

        (await ProblemAssert.IsProblemAsync(during, 503)).GetProperty("code").GetString().ShouldBe("database_unavailable");
        during.Headers.RetryAfter.ShouldNotBeNull();
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
        var statuses = answers.Select(a => (int)a.StatusCode).ToList();
        statuses.ShouldNotContain(500);
        statuses.ShouldContain(503);
        foreach (var failed in answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable))
        {
            await ProblemAssert.IsProblemAsync(failed, 503);
            failed.Headers.RetryAfter.ShouldNotBeNull();
        }

        api.OutageLog.Entries.Count(e => e.Message.StartsWith("Database unavailable", StringComparison.Ordinal))
            .ShouldBe(1, "the outage log was:\n" + string.Join("\n", api.OutageLog.Entries.Select(e => e.Message)));
        api.OutageLog.Entries.Count(e => e.Message.StartsWith("Database available again", StringComparison.Ordinal)).ShouldBe(1);
        api.OutageLog.Entries.ShouldAllBe(e => e.Exception == null);
        api.ErrorLog.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task WritesInFlightWhenTheDatabaseStops_AreEitherFullyThereOrAbsent()
    {
        var (owner, slug) = await OwnerWithOrganizationAsync();
        var outcomes = new ConcurrentBag<(string Description, HttpStatusCode Status)>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var description = $"write {Guid.NewGuid():N}";
                using var response = await owner.PostAsJsonAsync($"/api/orgs/{slug}/expenses", new { amount = 2m, currency = "EUR", description });
                outcomes.Add((description, response.StatusCode));
            }
        })).ToList();

        await Task.Delay(500);
        api.Server.Stop();
        await Task.Delay(1500);
        api.Server.Start();
        await Eventually.ReturnsAsync(() => owner.GetAsync($"/api/orgs/{slug}/expenses"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        await using var db = api.CreateDbContext();
        var stored = await db.Expenses.Where(e => e.Description.StartsWith("write ")).Select(e => new { e.Id, e.Description }).ToListAsync();
        var audited = await db.AuditLogs.CountAsync(a => a.Action == "expense.created" && stored.Select(s => "expense:" + s.Id).Contains(a.Subject!));
        outcomes.Select(o => (int)o.Status).ShouldNotContain(500);
        outcomes.ShouldContain(o => o.Status == HttpStatusCode.ServiceUnavailable);
        outcomes.Where(o => o.Status == HttpStatusCode.Created).Select(o => o.Description)
            .ShouldAllBe(d => stored.Any(s => s.Description == d), "an expense answered 201 is stored");
        outcomes.Where(o => o.Status == HttpStatusCode.ServiceUnavailable).Select(o => o.Description)
            .ShouldAllBe(d => stored.All(s => s.Description != d), "an expense answered 503 was not stored");
        audited.ShouldBe(stored.Count, "each stored expense has its audit row: no half-written request");
    }

    private async Task<(HttpClient Owner, string Slug)> OwnerWithOrganizationAsync()
    {
        var owner = api.ClientWith(api.TokenFor(TestData.NewUserId()));
        owner.Timeout = NoHang;
        (await owner.GetAsync("/api/me")).EnsureSuccessStatusCode();
        return (owner, await owner.CreateOrganizationAsync());
    }
}
