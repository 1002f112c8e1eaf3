using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Tests.Infrastructure;

namespace App.Tests.Features.Users;

/// <summary>The admin area's user list and detail: <c>user:read</c>, admins by role, search, status, paging.</summary>
public sealed class UserQueryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AnAdminByRole_ListsUsers_SearchedByEmailOrName_WithTheirStatus()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var active = await AddAsync($"active-{tag}@example.com", "Ann Active");
        var banned = await AddAsync($"banned-{tag}@example.com", "Ben Banned", banned: true, reason: "spam");
        var lapsed = await AddAsync($"lapsed-{tag}@example.com", "Lea Lapsed", banned: true, reason: "old", banExpires: DateTimeOffset.UtcNow.AddDays(-1));
        var blocked = await AddAsync($"gone-{tag}@example.com", "Gil Gone", missing: true);
        using var admin = AdminClient();

        var all = await ListAsync(admin, $"search={tag}");
        var deactivated = await ListAsync(admin, $"search={tag}&status=deactivated");
        var byName = await ListAsync(admin, $"search={Uri.EscapeDataString("BEN BAN")}");

        all.Select(u => u.GetProperty("id").GetString()).ShouldBe([blocked, lapsed, banned, active], ignoreOrder: true);
        Status(all, active).ShouldBe("active");
        Status(all, lapsed).ShouldBe("active", "a ban whose expiry has passed has ended");
        Status(all, blocked).ShouldBe("blocked");
        var ban = all.Single(u => u.GetProperty("id").GetString() == banned);
        ban.GetProperty("status").GetString().ShouldBe("deactivated");
        ban.GetProperty("banReason").GetString().ShouldBe("spam");
        deactivated.Select(u => u.GetProperty("id").GetString()).ShouldBe([banned]);
        byName.Select(u => u.GetProperty("id").GetString()).ShouldContain(banned);
    }

    [Fact]
    public async Task TheList_IsPaged_WithHasMore()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
        {
            await AddAsync($"page{i}-{tag}@example.com", $"Page {i}");
        }

        using var admin = AdminClient();
        var first = await admin.GetFromJsonAsync<JsonElement>($"/api/users?search={tag}&page=1&pageSize=2");
        var second = await admin.GetFromJsonAsync<JsonElement>($"/api/users?search={tag}&page=2&pageSize=2");

        first.GetProperty("items").GetArrayLength().ShouldBe(2);
        first.GetProperty("hasMore").GetBoolean().ShouldBeTrue();
        second.GetProperty("items").GetArrayLength().ShouldBe(1);
        second.GetProperty("hasMore").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task OneUser_IsFound_AndAnUnknownIdIs404Problem()
    {
        var id = await AddAsync($"{Guid.NewGuid():N}@example.com", "Detail Person", banned: true, reason: "fraud");
        using var admin = AdminClient();

        var user = await admin.GetFromJsonAsync<JsonElement>($"/api/users/{id}");
        using var missing = await admin.GetAsync($"/api/users/{TestData.NewUserId()}");

        user.GetProperty("name").GetString().ShouldBe("Detail Person");
        user.GetProperty("status").GetString().ShouldBe("deactivated");
        user.GetProperty("banReason").GetString().ShouldBe("fraud");
        (await ProblemAssert.IsProblemAsync(missing, 404)).GetProperty("code").GetString().ShouldBe("user_not_found");
    }

    [Fact]
    public async Task AUserWithoutUserRead_Gets403_AndABadStatusIs400()
    {
        using var user = api.ClientWith(api.TokenFor(TestData.NewUserId(), r => r with { Role = "user" }));
        using var admin = AdminClient();

        using var forbidden = await user.GetAsync("/api/users");
        using var badStatus = await admin.GetAsync("/api/users?status=sleeping");

        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        badStatus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private HttpClient AdminClient() => api.ClientWith(api.TokenFor(TestData.NewUserId(), r => r with { Role = "admin" }));

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/users?{query}")).GetProperty("items").EnumerateArray().ToList();

    private static string? Status(List<JsonElement> users, string id) =>
        users.Single(u => u.GetProperty("id").GetString() == id).GetProperty("status").GetString();

    private async Task<string> AddAsync(string email, string name, bool banned = false, string? reason = null,
        DateTimeOffset? banExpires = null, bool missing = false)
    {
        var user = await api.AddUserAsync();
        await using var db = api.CreateDbContext();
        var row = await db.Users.FindAsync(user.Id);
        row!.Email = email;
        row.Name = name;
        row.Banned = banned;
        row.BanReason = reason;
        row.BanExpires = banExpires;
        row.MissingSince = missing ? DateTimeOffset.UtcNow : null;
        await db.SaveChangesAsync();
        return user.Id;
    }
}
