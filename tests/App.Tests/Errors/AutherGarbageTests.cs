using System.Net;
using System.Net.Http.Json;
using App.Api.Auth;
using App.Data.Expenses;
using App.Tests.Features.Expenses;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Errors;

/// <summary>
/// Auther answers 200 with something the app cannot use (third hostile round, item 5): ban, sign-up and
/// check-permission answer a 502 problem that says what may already have happened in Auther, never a 500;
/// an ABAC check that got garbage fails closed, even when the garbage says "allowed".
/// </summary>
public sealed class AutherGarbageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Json = "application/json";

    [Theory]
    [InlineData("{}", Json)]
    [InlineData("""{"user":null}""", Json)]
    [InlineData("""{"user":{"id":""}}""", Json)]
    [InlineData("""{"user":{"id":"x","banned":true}}""", "application/json; charset=utf-7")]
    [InlineData("<html>ok</html>", "text/html")]
    public async Task Ban_AnsweredWithGarbage_Is502Problem_SayingTheBanMayHaveBeenMade(string body, string contentType)
    {
        var targetId = TestData.NewUserId();
        api.Auther.CreateUser($"{targetId}@example.com", "Target", targetId);
        using var admin = api.ClientFor(TestData.NewUserId(), Policies.UserDeactivate);

        using var response = await WhileAutherAnswersAsync("/api/auth/admin/ban-user", body, contentType,
            () => admin.PostAsJsonAsync($"/api/users/{targetId}/deactivate", new { reason = "garbage" }));

        var problem = await ProblemAssert.IsProblemAsync(response, 502);
        problem.GetProperty("code").GetString().ShouldBe("auther_answer_unreadable");
        problem.GetProperty("detail").GetString()!.ShouldContain("may have been made in Auther");
    }

    [Theory]
    [InlineData("{}", Json)]
    [InlineData("""{"user":null}""", Json)]
    [InlineData("""{"token":null,"user":{"id":"u1"}}""", "application/json; charset=x")]
    [InlineData("", Json)]
    public async Task SignUp_AnsweredWithGarbage_Is502Problem_SayingTheAccountMayExist(string body, string contentType)
    {
        using var response = await WhileAutherAnswersAsync("/api/auth/sign-up/email", body, contentType,
            () => api.CreateClient().PostAsJsonAsync("/api/auth/sign-up",
                new { email = $"{Guid.NewGuid():N}@example.com", password = "correct horse battery", name = "Garbage" }));

        var problem = await ProblemAssert.IsProblemAsync(response, 502);
        problem.GetProperty("code").GetString().ShouldBe("auther_answer_unreadable");
        problem.GetProperty("detail").GetString()!.ShouldContain("The account may exist");
    }

    [Theory]
    [InlineData("{}", Json)]
    [InlineData("""{"allowed":null}""", Json)]
    [InlineData("""{"allowed":"yes"}""", Json)]
    [InlineData("""{"allowed":true}""", "application/json; charset=utf-7")]
    public async Task CheckPermission_AnsweredWithGarbage_FailsClosed(string body, string contentType)
    {
        var s = await ExpenseScenario.CreateAsync(api, new() { ["expense"] = ["approve"] });
        var id = await s.ExpenseAsync(20m);

        using var response = await WhileAutherAnswersAsync("/api/auth/check-permission", body, contentType, () => s.ApproveAsync(id));

        (await ProblemAssert.IsProblemAsync(response, 403)).GetProperty("code").GetString().ShouldBe("abac_unavailable");
        await using var db = api.CreateDbContext();
        (await db.Expenses.SingleAsync(e => e.Id == id)).Status.ShouldBe(ExpenseStatus.Submitted);
    }

    [Fact]
    public async Task CheckPermission_AnsweredWithAPlainAllowed_StillDecides()
    {
        var s = await ExpenseScenario.CreateAsync(api, new() { ["expense"] = ["approve"] });
        var id = await s.ExpenseAsync(20m);

        using var response = await WhileAutherAnswersAsync("/api/auth/check-permission", """{"allowed":true}""", "application/json; charset=\"UTF-8\"",
            () => s.ApproveAsync(id));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> WhileAutherAnswersAsync(string path, string body, string contentType, Func<Task<HttpResponseMessage>> action)
    {
        api.Auther.AnswerWith(path, 200, contentType, body);
        try
        {
            return await action();
        }
        finally
        {
            api.Auther.ClearAnswer(path);
        }
    }
}
