using System.Diagnostics;
using Microsoft.Playwright;

namespace Browser.Tests;

/// <summary>What a person does on the web app, step by step, in one browser context.</summary>
public static class WebPages
{
    /// <summary>
    /// Starts at <c>/bff/login</c>, signs in on the local Auther's page, and waits for the profile; answers how long
    /// that took, from the first request to the profile on screen.
    /// </summary>
    public static async Task<TimeSpan> SignInAsync(IPage page, Uri web, TestUser user)
    {
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(new Uri(web, "/bff/login?returnUrl=/").ToString());
        await FillSignInFormAsync(page, user);
        await Assertions.Expect(page.Locator("#profile-email")).ToHaveTextAsync(user.Email);
        return clock.Elapsed;
    }

    /// <summary>Auther's own sign-in page: email, password, submit.</summary>
    public static async Task FillSignInFormAsync(IPage page, TestUser user)
    {
        await page.Locator("#email").FillAsync(user.Email);
        await page.Locator("#password").FillAsync(user.Password);
        await page.Locator("button[type=submit]").ClickAsync();
    }

    /// <summary>The admin area: finds the user by email and deactivates or reactivates them.</summary>
    public static async Task SetUserActiveAsync(IPage admin, Uri web, string email, bool active, string reason = "")
    {
        await admin.GotoAsync(new Uri(web, "/#admin").ToString());
        await admin.Locator("#user-search").FillAsync(email);
        await admin.Locator("#user-filter button").ClickAsync();
        var row = admin.Locator($"tr[data-email='{email}']");
        if (active)
        {
            await row.Locator("button.reactivate").ClickAsync();
            await Assertions.Expect(row).ToContainTextAsync("active");
        }
        else
        {
            await row.Locator("input.reason").FillAsync(reason);
            await row.Locator("button.deactivate").ClickAsync();
            await Assertions.Expect(row).ToContainTextAsync("deactivated");
        }
    }

    /// <summary>A call made by script on the page, as the page's own code would make it (or would not).</summary>
    public static Task<int> FetchStatusAsync(IPage page, string method, string path, bool withCsrfHeader, string? jsonBody = null) =>
        page.EvaluateAsync<int>("""
            async ([method, path, csrf, body]) => {
              const headers = body ? { 'Content-Type': 'application/json' } : {};
              if (csrf) headers['X-CSRF'] = '1';
              const response = await fetch(path, { method, headers, body: body ?? undefined });
              return response.status;
            }
            """, new object?[] { method, path, withCsrfHeader, jsonBody });
}
