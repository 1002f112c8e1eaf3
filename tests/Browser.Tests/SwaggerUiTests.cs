using App.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Browser.Tests;

/// <summary>
/// What a developer does first: open Swagger UI, press Authorize, paste a token, "Try it out". A real
/// headless Chromium clicks through the real page against the real API (real PostgreSQL, a real token
/// from the local Auther).
/// </summary>
public sealed class SwaggerUiTests(SwaggerApiFixture api, Chromium chromium) : IClassFixture<SwaggerApiFixture>, IClassFixture<Chromium>
{
    [Fact]
    public async Task Authorize_ThenTryItOut_CallsMe_CreatesAnOrganization_AndAnExpenseInIt()
    {
        var token = api.TokenFor(TestData.NewUserId());
        var slug = $"swagger-{Guid.NewGuid():N}"[..20];
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(api.Address, "/swagger/index.html").ToString());

        await AuthorizeAsync(page, token);

        (await TryItOutAsync(page, "Me", "GetMe")).ShouldBe("200");
        (await TryItOutAsync(page, "Organizations", "CreateOrganization",
            body: $$"""{ "slug": "{{slug}}", "name": "Made in Swagger" }""")).ShouldBe("201");
        (await TryItOutAsync(page, "Expenses", "CreateExpense", ("orgSlug", slug),
            body: """{ "amount": 12.5, "currency": "EUR", "description": "Coffee for the team" }""")).ShouldBe("201");
    }

    [Fact]
    public async Task TheToken_SurvivesAReload_AndAnonymousOperationsShowNoLock()
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(api.Address, "/swagger/index.html").ToString());
        await AuthorizeAsync(page, api.TokenFor(TestData.NewUserId()));

        await page.ReloadAsync();

        (await TryItOutAsync(page, "Me", "GetMe")).ShouldBe("200");
        await page.Locator("#operations-Auth-SignUp").WaitForAsync();
        (await page.Locator("#operations-Auth-SignUp .authorization__btn").CountAsync()).ShouldBe(0);
        (await page.Locator("#operations-Me-GetMe .authorization__btn").CountAsync()).ShouldBe(1);
    }

    private static async Task AuthorizeAsync(IPage page, string token)
    {
        await page.Locator("button.btn.authorize").First.ClickAsync();
        var dialog = page.Locator(".modal-ux");
        await dialog.Locator("input").First.FillAsync(token);
        await dialog.Locator("button.authorize").ClickAsync();
        await dialog.Locator("button.btn-done").ClickAsync();
    }

    /// <summary>Expands the operation, presses "Try it out", fills what is given, executes; answers the status shown.</summary>
    private static async Task<string> TryItOutAsync(IPage page, string tag, string operationId, (string Name, string Value)? parameter = null, string? body = null)
    {
        var operation = page.Locator($"#operations-{tag}-{operationId}");
        await operation.Locator(".opblock-summary").First.ClickAsync();
        await operation.Locator("button.try-out__btn").ClickAsync();
        if (parameter is { } p)
        {
            await operation.Locator($"tr[data-param-name='{p.Name}'] input").FillAsync(p.Value);
        }

        if (body is not null)
        {
            await operation.Locator("textarea.body-param__text").FillAsync(body);
        }

        await operation.Locator("button.execute").ClickAsync();
        var status = operation.Locator(".live-responses-table .response .response-col_status").First;
        await status.WaitForAsync();
        return (await status.InnerTextAsync()).Trim().Split(Environment.NewLine)[0].Trim();
    }
}
