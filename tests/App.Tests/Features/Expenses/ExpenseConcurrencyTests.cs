using System.Net;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Features.Expenses;

/// <summary>The row version (PostgreSQL xmin) turns a change made meanwhile into a 409, never a lost update.</summary>
public sealed class ExpenseConcurrencyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Approve_WhenTheExpenseChangesUnderneath_Returns409AndChangesNothing()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var id = await s.ExpenseAsync();
        await using var db = api.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Holds the row: the approval reads the old version, then its UPDATE ... WHERE xmin = old waits here.
        await db.Database.ExecuteSqlAsync($"UPDATE expenses SET description = 'Train to Lyon (edited)' WHERE id = {id}");

        var approval = s.ApproveAsync(id);
        await WaitForABlockedUpdateAsync(id);
        await transaction.CommitAsync();
        using var response = await approval;

        await ProblemAssert.IsProblemAsync(response, 409);
        await using var check = api.CreateDbContext();
        (await check.Expenses.SingleAsync(e => e.Id == id)).Status.ShouldBe(App.Data.Expenses.ExpenseStatus.Submitted);
        (await check.AuditLogs.CountAsync(a => a.Action == "expense.approved" && a.Subject == $"expense:{id}")).ShouldBe(0);
    }

    [Fact]
    public async Task ConcurrentApprovals_OneWins_TheOtherGets409()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var id = await s.ExpenseAsync(submitter: s.Member);

        var responses = await Task.WhenAll(s.ApproveAsync(id, s.Admin), s.ApproveAsync(id, s.Owner));

        responses.Select(r => r.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict], ignoreOrder: true);
    }

    private async Task WaitForABlockedUpdateAsync(Guid id)
    {
        await using var db = api.CreateDbContext();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var waiting = await db.Database.SqlQuery<int>($"""
                SELECT count(*)::int AS "Value" FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE expenses%'
                """).SingleAsync();
            if (waiting > 0)
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"The approval of {id} never reached its UPDATE.");
    }
}
