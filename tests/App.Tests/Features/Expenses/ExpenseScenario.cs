using System.Net.Http.Json;
using App.Tests.Infrastructure;

namespace App.Tests.Features.Expenses;

/// <summary>
/// An organization with an owner, an admin (who may approve) and a member (who submits), each a real
/// signed-in caller. Each test builds its own.
/// </summary>
public sealed record ExpenseScenario(string Slug, HttpClient Owner, string AdminId, HttpClient Admin, string MemberId, HttpClient Member)
{
    public static async Task<ExpenseScenario> CreateAsync(ApiFixture api, Dictionary<string, string[]>? adminAbacRequired = null)
    {
        var owner = await api.SignedInAsync(TestData.NewUserId());
        var slug = await owner.CreateOrganizationAsync();
        var adminId = TestData.NewUserId();
        var admin = await api.SignedInAsync(adminId, abacRequired: adminAbacRequired);
        await owner.AddMemberAsync(slug, adminId, "admin");
        var memberId = TestData.NewUserId();
        var member = await api.SignedInAsync(memberId);
        await owner.AddMemberAsync(slug, memberId, "member");
        return new ExpenseScenario(slug, owner, adminId, admin, memberId, member);
    }

    public string Expenses => $"/api/orgs/{Slug}/expenses";

    /// <summary>A draft by <paramref name="submitter"/> (the member by default), submitted unless told otherwise.</summary>
    public async Task<Guid> ExpenseAsync(decimal amount = 42.50m, HttpClient? submitter = null, bool submit = true)
    {
        submitter ??= Member;
        using var created = await submitter.PostAsJsonAsync(Expenses, new { amount, currency = "EUR", description = "Train to Lyon" });
        created.EnsureSuccessStatusCode();
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        if (submit)
        {
            using var submitted = await submitter.PostAsync($"{Expenses}/{id}/submit", null);
            submitted.EnsureSuccessStatusCode();
        }

        return id;
    }

    public Task<HttpResponseMessage> ApproveAsync(Guid id, HttpClient? approver = null) =>
        (approver ?? Admin).PostAsync($"{Expenses}/{id}/approve", null);
}
