using System.Net.Http.Json;
using System.Text.Json;
using Auther.Dev;
using Auther.Dev.Tokens;

namespace App.Tests.Infrastructure;

/// <summary>
/// Signed-in callers for the domain tests: a real token from the local Auther for a fresh user id, and the
/// shadow row provisioned by a first request (as happens when a user first opens the app).
/// </summary>
public static class Callers
{

    public static string NewSlug() => $"org-{Guid.NewGuid():N}"[..20];

    /// <summary>A caller with a token like deployed Auther's user tokens (a role, no permissions) unless told otherwise.</summary>
    public static async Task<HttpClient> SignedInAsync(this ApiFixture api, string userId, string? role = "user",
        Dictionary<string, string[]>? permissions = null, Dictionary<string, string[]>? abacRequired = null, string? impersonator = null)
    {
        var client = api.CreateClient(new TokenRequest
        {
            UserId = userId,
            Email = $"{userId}@example.test",
            Name = $"Name of {userId}",
            Role = role,
            Permissions = permissions,
            AbacRequired = abacRequired,
            Impersonator = impersonator,
        });
        using var me = await client.GetAsync("/api/me");
        me.EnsureSuccessStatusCode();
        return client;
    }

    public static async Task<string> CreateOrganizationAsync(this HttpClient owner, string? slug = null)
    {
        slug ??= NewSlug();
        using var response = await owner.PostAsJsonAsync("/api/orgs", new { slug, name = $"Org {slug}" });
        response.EnsureSuccessStatusCode();
        return slug;
    }

    public static async Task AddMemberAsync(this HttpClient manager, string slug, string userId, string role)
    {
        using var response = await manager.PostAsJsonAsync($"/api/orgs/{slug}/members", new { userId, role });
        response.EnsureSuccessStatusCode();
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
