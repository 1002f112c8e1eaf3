using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using App.Tests.Infrastructure;
using Auther.Dev;
using Auther.Dev.Permissions;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Features.Expenses;

/// <summary>A long decision cache, so "the answer was reused" cannot be an accident of timing.</summary>
public sealed class LongAbacCacheFixture() : ApiFixture(new() { Settings = { ["Abac:DecisionCacheDuration"] = "00:10:00" } });

/// <summary>
/// Approvals whose token lists <c>expense:approve</c> under <c>abac_required</c>: the local Auther allows an
/// approval when the amount is within the approver's limit (<see cref="AutherDevOptions.ExpenseApprovalLimits"/>).
/// </summary>
public sealed class ExpenseAbacTests(LongAbacCacheFixture api) : IClassFixture<LongAbacCacheFixture>
{
    private static readonly Dictionary<string, string[]> AbacApprove = new() { ["expense"] = ["approve"] };

    [Fact]
    public async Task Approve_WithinTheApproversLimit_IsAllowedByAuther()
    {
        var s = await ExpenseScenario.CreateAsync(api, AbacApprove);
        api.Auther.Options.ExpenseApprovalLimits[s.AdminId] = 100m;
        var id = await s.ExpenseAsync(42.50m);
        var asked = Record(id);

        using var response = await s.ApproveAsync(id);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var question = asked.ShouldHaveSingleItem();
        question.EntityType.ShouldBe("expense");
        question.EntityId.ShouldBe(id.ToString());
        question.Permission.ShouldBe("approve");
        question.Subject.ShouldBe(new PermissionSubject("user", s.AdminId));
        var attributes = question.Resource!.Attributes!;
        attributes["amount"].ValueKind.ShouldBe(JsonValueKind.Number);
        attributes["amount"].GetDecimal().ShouldBe(42.50m);
        attributes["currency"].GetString().ShouldBe("EUR");
        attributes["status"].GetString().ShouldBe("submitted");
        attributes["submitterId"].GetString().ShouldBe(s.MemberId);
        await using var db = api.CreateDbContext();
        var audit = await db.AuditLogs.SingleAsync(a => a.Action == "expense.approved" && a.Subject == $"expense:{id}");
        JsonDocument.Parse(audit.Details!).RootElement.GetProperty("abac").GetString().ShouldBe("allowed");
    }

    [Fact]
    public async Task Approve_OverTheApproversLimit_IsDeniedByAuther()
    {
        var s = await ExpenseScenario.CreateAsync(api, AbacApprove);
        api.Auther.Options.ExpenseApprovalLimits[s.AdminId] = 100m;
        var id = await s.ExpenseAsync(250m);

        using var response = await s.ApproveAsync(id);

        var problem = await ProblemAssert.IsProblemAsync(response, 403);
        problem.GetProperty("title").GetString().ShouldBe("Auther denied this approval");
        problem.GetProperty("code").GetString().ShouldBe("abac_denied");
        (await (await s.Admin.GetAsync($"{s.Expenses}/{id}")).JsonAsync()).GetProperty("status").GetString().ShouldBe("submitted");
    }

    [Fact]
    public async Task Approve_WithoutAbacRequired_NeverAsksAuther()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var id = await s.ExpenseAsync(1_000_000m);
        var asked = Record(id);

        using var response = await s.ApproveAsync(id);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        asked.ShouldBeEmpty();
    }

    [Fact]
    public async Task Decision_IsReusedForTheSameVersion_AndAskedAgainOnceTheExpenseChanged()
    {
        var s = await ExpenseScenario.CreateAsync(api, AbacApprove);
        api.Auther.Options.ExpenseApprovalLimits[s.AdminId] = 10m;
        var id = await s.ExpenseAsync(50m);
        var asked = Record(id);

        using var denied = await s.ApproveAsync(id);
        api.Auther.Options.ExpenseApprovalLimits[s.AdminId] = 100m;
        using var stillDenied = await s.ApproveAsync(id);

        await ProblemAssert.IsProblemAsync(denied, 403);
        await ProblemAssert.IsProblemAsync(stillDenied, 403);
        asked.Count.ShouldBe(1);

        await using (var db = api.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE expenses SET description = 'Train to Lyon, return' WHERE id = {id}");
        }

        using var allowed = await s.ApproveAsync(id);

        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        asked.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Approve_YourOwnExpense_IsRefusedBeforeAskingAuther()
    {
        var s = await ExpenseScenario.CreateAsync(api, AbacApprove);
        api.Auther.Options.ExpenseApprovalLimits[s.AdminId] = 1_000m;
        var id = await s.ExpenseAsync(5m, submitter: s.Admin);
        var asked = Record(id);

        using var response = await s.ApproveAsync(id);

        (await ProblemAssert.IsProblemAsync(response, 403)).GetProperty("code").GetString().ShouldBe("own_expense");
        asked.ShouldBeEmpty();
    }

    /// <summary>Every check-permission question about this expense, as the local Auther received it.</summary>
    private ConcurrentQueue<PermissionCheckBody> Record(Guid expenseId)
    {
        var asked = new ConcurrentQueue<PermissionCheckBody>();
        var id = expenseId.ToString();
        api.Auther.Options.PermissionRules.Add(request =>
        {
            if (request.EntityId == id)
            {
                asked.Enqueue(request);
            }

            return null;
        });
        return asked;
    }
}
