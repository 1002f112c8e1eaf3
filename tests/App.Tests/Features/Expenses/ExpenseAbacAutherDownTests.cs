using System.Net;
using System.Text.Json;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Features.Expenses;

/// <summary>Auther cannot answer /check-permission: the default posture fails closed.</summary>
public sealed class ExpenseAbacAutherDownTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Approve_NeedingAbac_WhenAutherIsDown_Returns403DecisionCouldNotBeMade()
    {
        var s = await ExpenseScenario.CreateAsync(api, new() { ["expense"] = ["approve"] });
        api.Auther.Options.ExpenseApprovalLimits[s.AdminId] = 1_000m;
        var id = await s.ExpenseAsync(20m);

        using var response = await AutherDown.WhileAsync(api, () => s.ApproveAsync(id));

        var problem = await ProblemAssert.IsProblemAsync(response, 403);
        problem.GetProperty("title").GetString().ShouldBe("The approval decision could not be made");
        problem.GetProperty("code").GetString().ShouldBe("abac_unavailable");
        await using var db = api.CreateDbContext();
        (await db.Expenses.SingleAsync(e => e.Id == id)).Status.ShouldBe(App.Data.Expenses.ExpenseStatus.Submitted);
    }

    [Fact]
    public async Task Approve_NotNeedingAbac_WhenAutherIsDown_StillWorks()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var id = await s.ExpenseAsync(20m);

        using var response = await AutherDown.WhileAsync(api, () => s.ApproveAsync(id));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class FailOpenAbacFixture() : ApiFixture(new() { Settings = { ["Abac:WhenAutherUnavailable"] = "Allow" } });

/// <summary><c>Abac:WhenAutherUnavailable=Allow</c>: the token's static permission is trusted while Auther is down.</summary>
public sealed class ExpenseAbacFailOpenTests(FailOpenAbacFixture api) : IClassFixture<FailOpenAbacFixture>
{
    [Fact]
    public async Task Approve_NeedingAbac_WhenAutherIsDown_IsAllowedAndAuditedAsUnverified()
    {
        var s = await ExpenseScenario.CreateAsync(api, new() { ["expense"] = ["approve"] });
        var id = await s.ExpenseAsync(20m);

        using var response = await AutherDown.WhileAsync(api, () => s.ApproveAsync(id));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = api.CreateDbContext();
        var audit = await db.AuditLogs.SingleAsync(a => a.Action == "expense.approved" && a.Subject == $"expense:{id}");
        JsonDocument.Parse(audit.Details!).RootElement.GetProperty("abac").GetString().ShouldBe("unverified");
    }

    [Fact]
    public async Task Approve_NeedingAbac_WhenAutherAnswersNo_IsStillDenied()
    {
        var s = await ExpenseScenario.CreateAsync(api, new() { ["expense"] = ["approve"] });
        var id = await s.ExpenseAsync(20m);

        using var response = await s.ApproveAsync(id);

        (await ProblemAssert.IsProblemAsync(response, 403)).GetProperty("code").GetString().ShouldBe("abac_denied");
    }
}

internal static class AutherDown
{
    /// <summary>Runs <paramref name="action"/> while every /api route of the local Auther answers 503.</summary>
    public static async Task<T> WhileAsync<T>(ApiFixture api, Func<Task<T>> action)
    {
        api.Auther.Unavailable = true;
        try
        {
            return await action();
        }
        finally
        {
            api.Auther.Unavailable = false;
        }
    }
}
