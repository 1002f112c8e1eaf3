using Microsoft.Playwright;

namespace Browser.Tests;

/// <summary>
/// Organizations and expenses as two people do them in the web app's UI, each in their own browser: the owner
/// creates an organization and adds a member, the member creates and submits an expense, the owner rejects it with a
/// reason, and the member sees why.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class WebOrganizationsTests(WebAppFixture stack, Chromium chromium)
{
    [Fact]
    public async Task AnOwnerAddsAMember_TheMemberSubmitsAnExpense_TheOwnerRejectsItWithAReason_AndTheMemberSeesIt()
    {
        var owner = await stack.CreateUserAsync();
        var member = await stack.CreateUserAsync();
        var slug = $"ui-{Guid.NewGuid():N}"[..14];
        var ownerPage = await chromium.NewPageAsync();
        var memberPage = await chromium.NewPageAsync();
        // The member's first request makes their row in the API, which adding them needs.
        await WebPages.SignInAsync(memberPage, stack.Web, member);
        await WebPages.SignInAsync(ownerPage, stack.Web, owner);

        await ownerPage.GotoAsync(new Uri(stack.Web, "/#orgs").ToString());
        await ownerPage.Locator("#org-slug").FillAsync(slug);
        await ownerPage.Locator("#org-name").FillAsync("UI Test Org");
        await ownerPage.Locator("#org-create button").ClickAsync();
        await Assertions.Expect(ownerPage.Locator("#org-title")).ToContainTextAsync($"({slug}): you are owner");
        await ownerPage.Locator("#member-user").FillAsync(member.Id);
        await ownerPage.Locator("#member-add button").ClickAsync();
        await Assertions.Expect(ownerPage.Locator("#member-rows")).ToContainTextAsync(member.Email);

        await memberPage.GotoAsync(new Uri(stack.Web, "/#orgs").ToString());
        await memberPage.ReloadAsync();
        await memberPage.Locator($"button.open-org[data-slug='{slug}']").ClickAsync();
        await memberPage.Locator("#expense-amount").FillAsync("42.50");
        await memberPage.Locator("#expense-description").FillAsync("Train to the customer");
        await memberPage.Locator("#expense-create button").ClickAsync();
        var memberRow = memberPage.Locator("#expense-rows tr");
        await Assertions.Expect(memberRow).ToContainTextAsync("draft");
        await memberRow.Locator("button.submit-expense").ClickAsync();
        await Assertions.Expect(memberRow).ToContainTextAsync("submitted");

        ownerPage.Dialog += (_, dialog) => dialog.AcceptAsync("No receipt attached");
        await ownerPage.Locator($"button.open-org[data-slug='{slug}']").ClickAsync();
        var ownerRow = ownerPage.Locator("#expense-rows tr");
        await ownerRow.Locator("button.reject-expense").ClickAsync();
        await Assertions.Expect(ownerRow).ToContainTextAsync("rejected");

        await memberPage.Locator($"button.open-org[data-slug='{slug}']").ClickAsync();
        await Assertions.Expect(memberRow).ToContainTextAsync("rejected");
        await Assertions.Expect(memberRow).ToContainTextAsync("No receipt attached");
        await Assertions.Expect(memberPage.Locator("#message")).ToBeHiddenAsync();
    }
}
