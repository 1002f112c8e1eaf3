using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;

namespace Browser.Tests;

/// <summary>
/// What a person sees when a dependency is down: Auther not answering at sign-in gives a 503 page that says to try
/// again in 5 s (a problem body for a script), never a 500; the API not answering makes the proxied call a 503
/// problem with Retry-After, and the page says "Try again in 5 s." Each outage is a web instance of its own,
/// pointed at an address where nothing listens, beside the fixture's healthy ones.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class WebOutageTests(WebAppFixture stack, Chromium chromium)
{
    [Fact]
    public async Task AutherDownAtSignIn_TheBrowserGetsA503PageSayingTryAgain_AndAScriptAProblem()
    {
        var web = await stack.StartExtraWebAsync(new Dictionary<string, string?> { ["Auther:Url"] = WebAppFixture.DeadAddress() });
        var page = await chromium.NewPageAsync();

        var response = await page.GotoAsync(new Uri(web, "/bff/login?returnUrl=/").ToString());

        response!.Status.ShouldBe(503);
        (await response.HeaderValueAsync("retry-after")).ShouldBe("5");
        await Assertions.Expect(page.Locator("#unavailable-title")).ToHaveTextAsync("Sign-in is unavailable");
        await Assertions.Expect(page.Locator("#unavailable-detail")).ToHaveTextAsync("The identity provider is not answering. Try again in 5 s.");

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(web, "/bff/login"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var problem = await http.SendAsync(request);
        problem.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        problem.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonDocument.Parse(await problem.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().ShouldBe("auther_unavailable");
    }

    [Fact]
    public async Task ApiDown_TheProxiedCallAnswers503WithRetryAfter_AndThePageSaysTryAgainIn5s()
    {
        var web = await stack.StartExtraWebAsync(new Dictionary<string, string?> { ["Api:Url"] = WebAppFixture.DeadAddress() });
        var user = await stack.CreateUserAsync();
        var page = await chromium.NewPageAsync();
        await WebPages.SignInAsync(page, stack.Web, user);

        var answer = page.WaitForResponseAsync(r => new Uri(r.Url).AbsolutePath == "/api/me");
        await page.GotoAsync(new Uri(web, "/").ToString());
        var response = await answer;

        response.Status.ShouldBe(503);
        (await response.HeaderValueAsync("retry-after")).ShouldBe("5");
        (await response.JsonAsync())!.Value.GetProperty("code").GetString().ShouldBe("api_unavailable");
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("The service is unavailable. Try again in 5 s.");
    }
}
