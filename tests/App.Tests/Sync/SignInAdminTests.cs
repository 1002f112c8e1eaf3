using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Tests.Infrastructure;
using Auther.Dev;

namespace App.Tests.Sync;

/// <summary>
/// Admin calls against deployed Auther (which refuses the API key on admin routes) in SignIn mode: the app signs
/// in as the service admin, keeps the signed cookie, and signs in again when Auther ends that session.
/// </summary>
public sealed class SignInAdminTests : IAsyncLifetime
{
    private const string SignInPath = "/api/auth/sign-in/email";
    private readonly SyncFixture _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Deactivation_KeepsWorking_AfterAutherRevokesTheAdminSession()
    {
        var (_, adminToken) = await _api.SignedInUserAsync(role: "admin");
        var admin = _api.ClientWith(adminToken);
        var (first, _) = await _api.SignedInUserAsync();
        var (second, _) = await _api.SignedInUserAsync();
        (await admin.PostAsJsonAsync($"/api/users/{first}/deactivate", new { reason = "spam" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var signIns = _api.Auther.RequestCount(SignInPath);

        _api.Auther.Operator.RevokeSessions(_api.AdminId).ShouldBeGreaterThan(0);
        using var response = await admin.PostAsJsonAsync($"/api/users/{second}/deactivate", new { reason = "spam" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        _api.Auther.FindUser(second)!.Banned.ShouldBeTrue();
        _api.Auther.RequestCount(SignInPath).ShouldBe(signIns + 1);
        (await ReadyCheckAsync(_api.CreateClient())).ShouldBe("Healthy");
    }

    [Fact]
    public async Task AWrongAdminPassword_ShowsOnHealthReady_AsDegraded()
    {
        var wrong = new WrongPasswordFixture();
        await wrong.InitializeAsync();
        try
        {
            var status = await Eventually.ReturnsAsync(() => ReadyCheckAsync(wrong.CreateClient()), s => s == "Degraded");

            status.ShouldBe("Degraded");
        }
        finally
        {
            await wrong.DisposeAsync();
        }
    }

    private static async Task<string?> ReadyCheckAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("checks").GetProperty("auther-admin").GetProperty("status").GetString();
    }

    /// <summary>Deployed Auther with the service admin, and the app holding a wrong password for it.</summary>
    private sealed class WrongPasswordFixture() : ApiFixture(new()
    {
        Auther = o => o.Mode = AutherMode.Deployed,
        Settings = { ["Auther:AdminApiKey"] = null, ["Auther:AdminEmail"] = SyncFixture.AdminEmail, ["Auther:AdminPassword"] = "not-the-password" },
    })
    {
        protected override void BeforeInstances() =>
            Auther.CreateUser(SyncFixture.AdminEmail, "Service Admin", role: "admin", password: SyncFixture.AdminPassword);
    }
}
