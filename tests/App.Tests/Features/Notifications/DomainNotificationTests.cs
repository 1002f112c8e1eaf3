using System.Net.Http.Json;
using System.Text.Json;
using App.Api.Features.Notifications;
using App.Tests.Features.Expenses;
using App.Tests.Infrastructure;

namespace App.Tests.Features.Notifications;

/// <summary>The notification types users can set preferences for are actually sent, after the change is committed.</summary>
public sealed class DomainNotificationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AddingAMember_NotifiesTheAddedMember()
    {
        var scenario = await ExpenseScenario.CreateAsync(api);

        (await TypesAsync(scenario.Member)).ShouldContain(NotificationTypes.MemberAdded);
    }

    [Fact]
    public async Task Submitting_NotifiesTheApprovers_NotTheSubmitter()
    {
        var scenario = await ExpenseScenario.CreateAsync(api);

        await scenario.ExpenseAsync();

        (await TypesAsync(scenario.Owner)).ShouldContain(NotificationTypes.ExpenseSubmitted);
        (await TypesAsync(scenario.Admin)).ShouldContain(NotificationTypes.ExpenseSubmitted);
        (await TypesAsync(scenario.Member)).ShouldNotContain(NotificationTypes.ExpenseSubmitted);
    }

    [Fact]
    public async Task ApprovingAndRejecting_NotifyTheSubmitter()
    {
        var scenario = await ExpenseScenario.CreateAsync(api);
        var approved = await scenario.ExpenseAsync();
        var rejected = await scenario.ExpenseAsync();

        (await scenario.ApproveAsync(approved)).EnsureSuccessStatusCode();
        (await scenario.Admin.PostAsJsonAsync($"{scenario.Expenses}/{rejected}/reject", new { reason = "No receipt" })).EnsureSuccessStatusCode();

        var types = await TypesAsync(scenario.Member);
        types.ShouldContain(NotificationTypes.ExpenseApproved);
        types.ShouldContain(NotificationTypes.ExpenseRejected);
    }

    [Fact]
    public async Task AnApproverWhoTurnedTheTypeOff_GetsNoInAppNotification()
    {
        var scenario = await ExpenseScenario.CreateAsync(api);
        (await scenario.Admin.PutAsJsonAsync("/api/notifications/preferences", new
        {
            preferences = new[] { new { type = NotificationTypes.ExpenseSubmitted, inApp = false, push = false, email = false } },
        })).EnsureSuccessStatusCode();

        await scenario.ExpenseAsync();

        (await TypesAsync(scenario.Admin)).ShouldNotContain(NotificationTypes.ExpenseSubmitted);
        (await TypesAsync(scenario.Owner)).ShouldContain(NotificationTypes.ExpenseSubmitted);
    }

    private static async Task<List<string?>> TypesAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/notifications?pageSize=100");
        return page.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("type").GetString()).ToList();
    }
}
