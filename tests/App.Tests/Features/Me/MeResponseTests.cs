using System.Text.Json;
using App.Api.ShadowUsers;
using App.Api.Features.Me;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Tests.Features.Me;

/// <summary><c>/api/me</c>: the caller's principal and shadow row, written with the app's JSON options.</summary>
public sealed class MeResponseTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Body_IsWhatTheAppsJsonOptionsWouldWrite()
    {
        var userId = TestData.NewUserId();
        using var client = api.ClientWith(api.TokenFor(userId, r => r with
        {
            Permissions = ApiFixture.PermissionMap("notifications:read", "expense:approve", "audit:read"),
            AbacRequired = ApiFixture.PermissionMap("expense:approve"),
            Impersonator = "admin_7",
        }));

        var body = await client.GetStringAsync("/api/me");

        var options = api.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var response = JsonSerializer.Deserialize<MeResponse>(body, options)!;
        response.Principal.Impersonator.ShouldBe("admin_7");
        response.Principal.AbacRequired.ShouldContainKey("expense");
        body.ShouldBe(JsonSerializer.Serialize(response, options));
    }

    [Fact]
    public async Task AChangedShadowRow_IsShown_OnTheNextRequest()
    {
        var userId = TestData.NewUserId();
        using var client = api.ClientWith(api.TokenFor(userId));
        // The first request marks the row as seen (a new row object with last_seen_at); from then on it stays.
        await client.GetStringAsync("/api/me");
        var settled = await client.GetStringAsync("/api/me");
        (await client.GetStringAsync("/api/me")).ShouldBe(settled);

        // What a webhook or the poll does: the cached row is replaced by a changed copy.
        var cache = api.Services.GetRequiredService<ShadowUserCache>();
        var row = cache.Get(userId)!;
        cache.Update(row, row with { Name = "Renamed Meanwhile" });

        using var body = JsonDocument.Parse(await client.GetStringAsync("/api/me"));
        body.RootElement.GetProperty("user").GetProperty("name").GetString().ShouldBe("Renamed Meanwhile");
    }
}
