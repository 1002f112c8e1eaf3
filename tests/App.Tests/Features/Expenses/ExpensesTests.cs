using System.Net;
using System.Net.Http.Json;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Features.Expenses;

public sealed class ExpensesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Create_ByAMember_IsADraftKeepingTheSubmittersName()
    {
        var s = await ExpenseScenario.CreateAsync(api);

        using var response = await s.Member.PostAsJsonAsync(s.Expenses, new { amount = 12.5m, currency = "EUR", description = " Taxi " });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.JsonAsync();
        body.GetProperty("status").GetString().ShouldBe("draft");
        body.GetProperty("amount").GetDecimal().ShouldBe(12.5m);
        body.GetProperty("description").GetString().ShouldBe("Taxi");
        body.GetProperty("submittedBy").GetString().ShouldBe(s.MemberId);
        body.GetProperty("submitterName").GetString().ShouldBe($"Name of {s.MemberId}");
        body.GetProperty("version").GetString().ShouldNotBeNullOrEmpty();
        response.Headers.Location!.ToString().ShouldBe($"{s.Expenses}/{body.GetProperty("id").GetGuid()}");
    }

    /// <summary>
    /// Item 10 of the third hostile round: the submitter name falls back to the e-mail, cut to the column's 255
    /// characters; the cut split the emoji at UTF-16 index 254 and the expense answered 400.
    /// </summary>
    [Fact]
    public async Task Create_ByAUserWithoutANameWhoseEmailHasAnEmojiAtTheCut_Returns201_WithTheEmojiLeftOut()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var userId = TestData.NewUserId();
        var email = new string('a', 254) + "\U0001F600@example.test";
        char.IsHighSurrogate(email[254]).ShouldBeTrue();
        using var nameless = api.CreateClient(new Auther.Dev.Tokens.TokenRequest { UserId = userId, Email = email });
        (await nameless.GetAsync("/api/me")).EnsureSuccessStatusCode();
        await s.Owner.AddMemberAsync(s.Slug, userId, "member");

        using var response = await nameless.PostAsJsonAsync(s.Expenses, new { amount = 3m, currency = "EUR", description = "Coffee" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await response.JsonAsync()).GetProperty("submitterName").GetString().ShouldBe(new string('a', 254));
    }

    [Fact]
    public async Task Create_WithBadFields_Returns400WithEachField()
    {
        var s = await ExpenseScenario.CreateAsync(api);

        using var response = await s.Member.PostAsJsonAsync(s.Expenses, new { amount = 1.005m, currency = "eur", description = "" });

        var errors = (await ProblemAssert.IsProblemAsync(response, 400)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["amount", "currency", "description"], ignoreOrder: true);
    }

    [Fact]
    public async Task List_IsNewestFirst_FiltersByStatus_AndPages()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var first = await s.ExpenseAsync(10m);
        var second = await s.ExpenseAsync(20m);
        var draft = await s.ExpenseAsync(30m, submit: false);

        var submitted = await (await s.Member.GetAsync($"{s.Expenses}?status=submitted")).JsonAsync();
        var firstPage = await (await s.Member.GetAsync($"{s.Expenses}?pageSize=2")).JsonAsync();
        var secondPage = await (await s.Member.GetAsync($"{s.Expenses}?pageSize=2&page=2")).JsonAsync();
        using var badStatus = await s.Member.GetAsync($"{s.Expenses}?status=paid");

        Ids(submitted).ShouldBe([second, first]);
        Ids(firstPage).ShouldBe([draft, second]);
        firstPage.GetProperty("hasMore").GetBoolean().ShouldBeTrue();
        Ids(secondPage).ShouldBe([first]);
        secondPage.GetProperty("hasMore").GetBoolean().ShouldBeFalse();
        await ProblemAssert.IsProblemAsync(badStatus, 400);
    }

    [Fact]
    public async Task SomeoneElsesDraft_IsNeitherListedNorFound()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var draft = await s.ExpenseAsync(submit: false);

        var list = await (await s.Admin.GetAsync(s.Expenses)).JsonAsync();
        using var get = await s.Admin.GetAsync($"{s.Expenses}/{draft}");

        Ids(list).ShouldNotContain(draft);
        await ProblemAssert.IsProblemAsync(get, 404);
    }

    [Fact]
    public async Task AnExpenseOfAnotherOrganization_Is404()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var id = await s.ExpenseAsync();
        var otherSlug = await s.Admin.CreateOrganizationAsync();

        using var get = await s.Admin.GetAsync($"/api/orgs/{otherSlug}/expenses/{id}");
        using var approve = await s.Admin.PostAsync($"/api/orgs/{otherSlug}/expenses/{id}/approve", null);

        await ProblemAssert.IsProblemAsync(get, 404);
        (await ProblemAssert.IsProblemAsync(approve, 404)).GetProperty("code").GetString().ShouldBe("expense_not_found");
    }

    [Fact]
    public async Task Submit_OnlyBySubmitter_AndOnlyFromDraft()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var id = await s.ExpenseAsync(submit: false);
        var ownerDraft = await s.ExpenseAsync(submitter: s.Owner, submit: false);

        using var submitted = await s.Member.PostAsync($"{s.Expenses}/{id}/submit", null);
        using var again = await s.Member.PostAsync($"{s.Expenses}/{id}/submit", null);
        using var notMine = await s.Member.PostAsync($"{s.Expenses}/{ownerDraft}/submit", null);

        (await submitted.JsonAsync()).GetProperty("status").GetString().ShouldBe("submitted");
        (await ProblemAssert.IsProblemAsync(again, 409)).GetProperty("code").GetString().ShouldBe("expense_status");
        (await ProblemAssert.IsProblemAsync(notMine, 403)).GetProperty("code").GetString().ShouldBe("not_submitter");
    }

    [Fact]
    public async Task Submit_OfAnotherMembersDraft_ByTheOwner_Is403WithTheReason_AndRevealsNothingOfTheDraft()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var draft = await s.ExpenseAsync(submit: false);

        using var response = await s.Owner.PostAsync($"{s.Expenses}/{draft}/submit", null);
        using var unknown = await s.Owner.PostAsync($"{s.Expenses}/{Guid.NewGuid()}/submit", null);

        var problem = await ProblemAssert.IsProblemAsync(response, 403);
        problem.GetProperty("code").GetString().ShouldBe("not_submitter");
        problem.GetRawText().ShouldNotContain(s.MemberId);
        problem.GetRawText().ShouldNotContain("Train to Lyon");
        await ProblemAssert.IsProblemAsync(unknown, 404);
    }

    [Fact]
    public async Task Approve_ByAnAdmin_ApprovesAndIsAudited()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var id = await s.ExpenseAsync();

        using var response = await s.ApproveAsync(id);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.JsonAsync();
        body.GetProperty("status").GetString().ShouldBe("approved");
        body.GetProperty("decidedBy").GetString().ShouldBe(s.AdminId);
        await using var db = api.CreateDbContext();
        var row = await db.AuditLogs.SingleAsync(a => a.Action == "expense.approved" && a.Subject == $"expense:{id}");
        row.ActorId.ShouldBe(s.AdminId);
        System.Text.Json.JsonDocument.Parse(row.Details!).RootElement.GetProperty("abac").GetString().ShouldBe("not_required");
    }

    [Fact]
    public async Task Approve_YourOwnExpense_Returns403_EvenAsOwner()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var id = await s.ExpenseAsync(submitter: s.Owner);

        using var response = await s.ApproveAsync(id, s.Owner);

        (await ProblemAssert.IsProblemAsync(response, 403)).GetProperty("code").GetString().ShouldBe("own_expense");
    }

    [Fact]
    public async Task Approve_ByAPlainMember_Returns403()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var id = await s.ExpenseAsync(submitter: s.Owner);

        using var response = await s.ApproveAsync(id, s.Member);

        await ProblemAssert.IsProblemAsync(response, 403);
    }

    [Fact]
    public async Task Approve_ByTheOwnerOfAnotherOrganization_Returns403()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var id = await s.ExpenseAsync(submitter: s.Admin);
        // Owner there grants expense:approve there only; here the member is a plain member.
        await s.Member.CreateOrganizationAsync();

        using var response = await s.ApproveAsync(id, s.Member);

        await ProblemAssert.IsProblemAsync(response, 403);
    }

    [Fact]
    public async Task Approve_TwiceOrADecidedExpense_Returns409()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var id = await s.ExpenseAsync();
        (await s.ApproveAsync(id)).EnsureSuccessStatusCode();

        using var again = await s.ApproveAsync(id, s.Owner);
        using var reject = await s.Owner.PostAsJsonAsync($"{s.Expenses}/{id}/reject", new { reason = "Too late" });

        await ProblemAssert.IsProblemAsync(again, 409);
        await ProblemAssert.IsProblemAsync(reject, 409);
    }

    [Fact]
    public async Task Reject_WithAReason_RecordsIt_AndRefusesOwnOrReasonless()
    {
        var s = await ExpenseScenario.CreateAsync(api);
        var id = await s.ExpenseAsync();
        var ownersOwn = await s.ExpenseAsync(submitter: s.Owner);

        using var noReason = await s.Admin.PostAsJsonAsync($"{s.Expenses}/{id}/reject", new { reason = " " });
        using var own = await s.Owner.PostAsJsonAsync($"{s.Expenses}/{ownersOwn}/reject", new { reason = "Mine" });
        using var rejected = await s.Admin.PostAsJsonAsync($"{s.Expenses}/{id}/reject", new { reason = "No receipt" });

        (await ProblemAssert.IsProblemAsync(noReason, 400)).GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        await ProblemAssert.IsProblemAsync(own, 403);
        var body = await rejected.JsonAsync();
        body.GetProperty("status").GetString().ShouldBe("rejected");
        body.GetProperty("decisionReason").GetString().ShouldBe("No receipt");
        await using var db = api.CreateDbContext();
        (await db.AuditLogs.CountAsync(a => a.Action == "expense.rejected" && a.Subject == $"expense:{id}")).ShouldBe(1);
    }

    private static List<Guid> Ids(System.Text.Json.JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();
}
