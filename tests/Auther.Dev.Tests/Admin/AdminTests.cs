using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;
using Auther.Dev.Webhooks;

namespace Auther.Dev.Tests.Admin;

public sealed class AdminTests(AutherFixture fixture) : IClassFixture<AutherFixture>
{
    [Fact]
    public async Task CreateUser_KeepsTheGivenId()
    {
        var id = $"legacy-{Guid.NewGuid():N}";

        var response = await Admin().PostAsJsonAsync("/api/auth/admin/create-user", new
        {
            email = Unique(), password = "random-password-1", name = "Imported", role = "admin",
            data = new { id, emailVerified = true },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var user = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user");
        user.GetProperty("id").GetString().ShouldBe(id);
        user.GetProperty("emailVerified").GetBoolean().ShouldBeTrue();
        user.GetProperty("role").GetString().ShouldBe("admin");
    }

    [Fact]
    public async Task CreateUser_DuplicateEmail_Answers400()
    {
        var email = Unique();
        fixture.Server.CreateUser(email);

        var response = await Admin().PostAsJsonAsync("/api/auth/admin/create-user", new { email, password = "random-password-1", name = "Again" });

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.BadRequest, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL");
    }

    [Fact]
    public async Task AdminRoute_WithoutApiKey_Answers401()
    {
        using var client = fixture.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/admin/ban-user", new { userId = "x" });

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task AdminRoute_WithAWrongApiKey_Answers401()
    {
        using var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", "not-the-key");

        var response = await client.GetAsync("/api/auth/admin/list-users");

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task BanUnknownUser_Answers404UserNotFound()
    {
        var response = await Admin().PostAsJsonAsync("/api/auth/admin/ban-user", new { userId = "nobody" });

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.NotFound, "USER_NOT_FOUND");
    }

    [Fact]
    public async Task BanAndUnban_ReturnTheUser_WithTheBanFields()
    {
        var user = fixture.Server.CreateUser(Unique());

        var banned = await Admin().PostAsJsonAsync("/api/auth/admin/ban-user", new { userId = user.Id, banReason = "spam", banExpiresIn = 3600 });
        var bannedUser = (await banned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user");
        bannedUser.GetProperty("banned").GetBoolean().ShouldBeTrue();
        bannedUser.GetProperty("banReason").GetString().ShouldBe("spam");
        bannedUser.GetProperty("banExpires").GetString().ShouldNotBeNull();

        var unbanned = await Admin().PostAsJsonAsync("/api/auth/admin/unban-user", new { userId = user.Id });
        (await unbanned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("banned").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task RemoveUser_AnswersSuccess_ThenNotFound()
    {
        var user = fixture.Server.CreateUser(Unique());

        var removed = await Admin().PostAsJsonAsync("/api/auth/admin/remove-user", new { userId = user.Id });
        var again = await Admin().PostAsJsonAsync("/api/auth/admin/remove-user", new { userId = user.Id });

        (await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("success").GetBoolean().ShouldBeTrue();
        await ErrorAssert.BetterAuthAsync(again, HttpStatusCode.NotFound, "USER_NOT_FOUND");
    }

    [Fact]
    public async Task ListUsers_IsPaged_WithTheTotal()
    {
        await using var server = await TestAuther.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            server.CreateUser($"page{i}@example.com");
        }

        using var client = TestAuther.Client(server);
        client.DefaultRequestHeaders.Add("x-api-key", TestAuther.AdminApiKey);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/auth/admin/list-users?limit=2&offset=2");

        page.GetProperty("total").GetInt32().ShouldBe(5);
        page.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()).ShouldBe(["page2@example.com", "page3@example.com"]);
    }

    [Fact]
    public async Task ListUsers_WithANonNumericLimit_Answers400ValidationError()
    {
        var response = await Admin().GetAsync("/api/auth/admin/list-users?limit=abc");

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task SessionCookie_WithATrustedOrigin_IsAcceptedLikeDeployedAuther()
    {
        await using var server = await TestAuther.StartAsync(o => o.AdminSessionToken = "admin-session-token");
        using var client = TestAuther.Client(server);

        using var withOrigin = new HttpRequestMessage(HttpMethod.Get, "/api/auth/admin/list-users");
        withOrigin.Headers.Add("Cookie", "better-auth.session_token=admin-session-token");
        withOrigin.Headers.Add("Origin", server.Issuer);
        (await client.SendAsync(withOrigin)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var secureCookie = new HttpRequestMessage(HttpMethod.Get, "/api/auth/admin/list-users");
        secureCookie.Headers.Add("Cookie", "__Secure-better-auth.session_token=admin-session-token");
        secureCookie.Headers.Add("Origin", server.Issuer);
        (await client.SendAsync(secureCookie)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var withoutOrigin = new HttpRequestMessage(HttpMethod.Get, "/api/auth/admin/list-users");
        withoutOrigin.Headers.Add("Cookie", "better-auth.session_token=admin-session-token");
        await ErrorAssert.BetterAuthAsync(await client.SendAsync(withoutOrigin), HttpStatusCode.Forbidden, "INVALID_ORIGIN");
    }

    [Fact]
    public async Task AdminBan_EmitsUserUpdated_WithTheAdminFields()
    {
        await using var receiver = await WebhookRecorder.StartAsync();
        await using var server = await TestAuther.StartAsync(o =>
            o.WebhookEndpoints.Add(new WebhookEndpointOptions { Url = receiver.Url, Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }));
        var user = server.CreateUser("banned@example.com");

        server.Ban(user.Id, "spam");

        var requests = await receiver.WaitForAsync(2);
        var updated = JsonDocument.Parse(requests[1].Body).RootElement;
        updated.GetProperty("type").GetString().ShouldBe("user.updated");
        updated.GetProperty("data").GetProperty("banned").GetBoolean().ShouldBeTrue();
        updated.GetProperty("data").GetProperty("banReason").GetString().ShouldBe("spam");
    }

    private HttpClient Admin()
    {
        var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", TestAuther.AdminApiKey);
        return client;
    }

    private static string Unique() => $"a{Guid.NewGuid():N}@example.com";
}
