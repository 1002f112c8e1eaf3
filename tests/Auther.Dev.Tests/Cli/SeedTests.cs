using System.Net;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Cli;

/// <summary><c>serve --seed</c> gives the seeded admin a password, so the app can sign in as that admin against deployed mode.</summary>
public sealed class SeedTests
{
    [Fact]
    public async Task Seed_WritesTheAdminPassword_AndItSignsIn()
    {
        await using var serve = await ServeProcess.StartAsync(new Dictionary<string, string>(), "--mode", "deployed");

        serve.Seed["ADMIN_PASSWORD"].Length.ShouldBeGreaterThanOrEqualTo(8);
        using var client = new HttpClient { BaseAddress = serve.BaseUrl };
        var response = await client.PostAsJsonAsync("/api/auth/sign-in/email", new { email = serve.Seed["ADMIN_EMAIL"], password = serve.Seed["ADMIN_PASSWORD"] });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
