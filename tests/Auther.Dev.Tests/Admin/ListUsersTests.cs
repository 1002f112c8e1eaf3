using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Admin;

/// <summary>list-users as better-auth answers it: search, filter, sort, paging and the total of the matches.</summary>
public sealed class ListUsersTests : IAsyncLifetime
{
    private AutherDevServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestAuther.StartAsync();
        _server.CreateUser("carol@example.com", "Carol", role: "admin");
        _server.CreateUser("alice@example.com", "Alice");
        _server.CreateUser("bob@other.org", "Bob", emailVerified: false);
        _server.Ban(_server.Users.Single(u => u.Name == "Bob").Id, "spam");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SortBy_AnyField_InEitherDirection()
    {
        (await Emails("sortBy=name&sortDirection=asc")).ShouldBe(["alice@example.com", "bob@other.org", "carol@example.com"]);
        (await Emails("sortBy=email&sortDirection=desc")).ShouldBe(["carol@example.com", "bob@other.org", "alice@example.com"]);
    }

    [Fact]
    public async Task Search_ByEmailOrName_WithItsOperator()
    {
        (await Emails("searchField=email&searchValue=example&sortBy=name")).ShouldBe(["alice@example.com", "carol@example.com"]);
        (await Emails("searchField=name&searchValue=AL&searchOperator=starts_with")).ShouldBe(["alice@example.com"]);
        (await Emails("searchField=email&searchValue=.org&searchOperator=ends_with")).ShouldBe(["bob@other.org"]);
    }

    [Fact]
    public async Task Filter_OnAnyField_WithEachOperator()
    {
        (await Emails("filterField=role&filterValue=admin")).ShouldBe(["carol@example.com"]);
        (await Emails("filterField=banned&filterValue=true&filterOperator=eq")).ShouldBe(["bob@other.org"]);
        (await Emails("filterField=role&filterValue=admin&filterOperator=ne&sortBy=name")).ShouldBe(["alice@example.com", "bob@other.org"]);
        (await Emails("filterField=email&filterValue=b&filterOperator=lt")).ShouldBe(["alice@example.com"]);
        (await Emails("filterField=email&filterValue=bob@other.org&filterOperator=lte&sortBy=name")).ShouldBe(["alice@example.com", "bob@other.org"]);
        (await Emails("filterField=name&filterValue=Bob&filterOperator=gt")).ShouldBe(["carol@example.com"]);
        (await Emails("filterField=name&filterValue=Bob&filterOperator=gte&sortBy=name")).ShouldBe(["bob@other.org", "carol@example.com"]);
        (await Emails("filterField=name&filterValue=aro&filterOperator=contains")).ShouldBe(["carol@example.com"]);
    }

    [Fact]
    public async Task Answer_HasUsersTotalLimitOffset_TotalCountsTheMatchesBeforePaging()
    {
        var page = await List("filterField=emailVerified&filterValue=true&sortBy=email&limit=1&offset=1");

        page.GetProperty("total").GetInt32().ShouldBe(2);
        page.GetProperty("limit").GetInt32().ShouldBe(1);
        page.GetProperty("offset").GetInt32().ShouldBe(1);
        var user = page.GetProperty("users").EnumerateArray().Single();
        user.GetProperty("email").GetString().ShouldBe("carol@example.com");
        foreach (var field in new[] { "role", "banned", "banReason", "banExpires", "updatedAt", "createdAt", "emailVerified", "image" })
        {
            user.TryGetProperty(field, out _).ShouldBeTrue(field);
        }
    }

    [Fact]
    public async Task AnUnknownOperator_Answers400()
    {
        using var client = Client();

        var response = await client.GetAsync("/api/auth/admin/list-users?filterField=role&filterValue=x&filterOperator=like");

        await ErrorAssert.BetterAuthAsync(response, System.Net.HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    private async Task<List<string?>> Emails(string query) =>
        (await List(query)).GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()).ToList();

    private async Task<JsonElement> List(string query)
    {
        using var client = Client();
        return await client.GetFromJsonAsync<JsonElement>($"/api/auth/admin/list-users?{query}");
    }

    private HttpClient Client()
    {
        var client = TestAuther.Client(_server);
        client.DefaultRequestHeaders.Add("x-api-key", TestAuther.AdminApiKey);
        return client;
    }
}
