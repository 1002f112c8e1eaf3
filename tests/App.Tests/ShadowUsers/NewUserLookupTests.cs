using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Tests.Infrastructure;
using App.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Serilog.Events;

namespace App.Tests.ShadowUsers;

/// <summary>
/// A row created from a token without a role (deployed id_tokens) starts with Auther's default role; Auther is asked
/// for that user off the request, so an admin's role is right within seconds. The poll is off here: what reaches
/// the row came through the lookup. The lookup logs at information here, as in production.
/// </summary>
public sealed class NewUserLookupTests : IAsyncLifetime
{
    private readonly SyncFixture _api = new(("Sync:Enabled", "false"), ("Serilog:MinimumLevel:Override:App.Api.ShadowUsers.ShadowUserLookup", "Information"));

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task AnAdminsFirstRequest_WithARolelessIdToken_GetsTheAdminRoleWithinSeconds()
    {
        var adminId = TestData.NewUserId();
        _api.Auther.CreateUser($"{adminId}@example.com", "Ada", adminId, role: "admin");
        var client = _api.ClientWith(_api.Auther.IssueIdToken(adminId, SyncFixture.WebClient));

        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var status = await Eventually.ReturnsAsync(async () => (await client.GetAsync("/api/admin/audit-logs")).StatusCode,
            s => s == HttpStatusCode.OK, within: TimeSpan.FromSeconds(10));

        status.ShouldBe(HttpStatusCode.OK);
        _api.Auther.RequestCount(SyncFixture.ListUsers).ShouldBe(1, "one lookup, and no poll");
    }

    [Fact]
    public async Task WhileAutherIsSlow_TheFirstRequestIsNotHeldUp_AndTheRoleFollows()
    {
        var adminId = TestData.NewUserId();
        _api.Auther.CreateUser($"{adminId}@example.com", "Ada", adminId, role: "admin");
        var client = _api.ClientWith(_api.Auther.IssueIdToken(adminId, SyncFixture.WebClient));
        await KeysLoadedAsync();
        _api.Auther.ResponseDelay = TimeSpan.FromSeconds(3);
        try
        {
            var clock = Stopwatch.StartNew();
            var first = await client.GetAsync("/api/me");
            clock.Stop();

            first.StatusCode.ShouldBe(HttpStatusCode.OK);
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2), "the lookup runs off the request");
            (await RoleAsync(client)).ShouldBe("user");
            var role = await Eventually.ReturnsAsync(() => RoleAsync(client), r => r == "admin", within: TimeSpan.FromSeconds(20));
            role.ShouldBe("admin");
        }
        finally
        {
            _api.Auther.ResponseDelay = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task WhileAutherIsDown_TheFirstRequestSucceeds_WithTheDefaultRole()
    {
        var adminId = TestData.NewUserId();
        _api.Auther.CreateUser($"{adminId}@example.com", "Ada", adminId, role: "admin");
        var client = _api.ClientWith(_api.Auther.IssueIdToken(adminId, SyncFixture.WebClient));
        await KeysLoadedAsync();
        _api.Auther.Unavailable = true;
        try
        {
            using var first = await client.GetAsync("/api/me");

            first.StatusCode.ShouldBe(HttpStatusCode.OK);
            await Eventually.ReturnsAsync(() => Task.FromResult(_api.Auther.RequestCount(SyncFixture.ListUsers)), c => c > 0, within: TimeSpan.FromSeconds(10));
            (await RoleAsync(client)).ShouldBe("user");
            (await _api.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == adminId))).RoleSetAt.ShouldBeNull();
        }
        finally
        {
            _api.Auther.Unavailable = false;
        }
    }

    /// <summary>
    /// A token of a user Auther does not list (removed since the token was issued, say): the row keeps the role it was
    /// created with, and that is logged as information, not as a failed lookup. The next new user is still looked up.
    /// </summary>
    [Fact]
    public async Task AUserAutherDoesNotList_KeepsTheirRow_AndIsNoFailure()
    {
        var unlistedId = TestData.NewUserId();
        var adminId = TestData.NewUserId();
        _api.Auther.CreateUser($"{adminId}@example.com", "Ada", adminId, role: "admin");
        using var unlisted = _api.ClientWith(_api.TokenFor(unlistedId));
        using var admin = _api.ClientWith(_api.Auther.IssueIdToken(adminId, SyncFixture.WebClient));

        (await unlisted.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // One reader, in queue order: once the admin's role arrived, the unlisted user's lookup has ended.
        (await Eventually.ReturnsAsync(() => RoleAsync(admin), r => r == "admin", within: TimeSpan.FromSeconds(10))).ShouldBe("admin");

        (await RoleAsync(unlisted)).ShouldBe("user");
        var lines = _api.Log.Events.Where(e => e.RenderMessage().Contains(unlistedId)).ToList();
        lines.ShouldContain(e => e.Level == LogEventLevel.Information && e.RenderMessage().Contains("is not in Auther's user list"));
        lines.ShouldNotContain(e => e.Level >= LogEventLevel.Warning);
    }

    /// <summary>The app has Auther's signing keys (fetched at start): from here on only the lookup calls Auther.</summary>
    private async Task KeysLoadedAsync() =>
        await Eventually.ReturnsAsync(async () => (await _api.CreateClient().GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK);

    private static async Task<string?> RoleAsync(HttpClient client)
    {
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        return me.GetProperty("user").GetProperty("role").GetString();
    }
}
