using System.Net.Http.Json;
using System.Text.Json;
using App.Api.IdentityProvider;
using App.Tests.Infrastructure;
using App.Tests.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.IdentityProvider;

/// <summary>
/// The service admin's session against deployed Auther (SignIn mode): one sign-in per process, reused by every
/// admin call, and signed out when the process is done (host shutdown, end of a CLI verb), so sessions do not pile
/// up in Auther. The poll is off: the admin calls here are the tests' own.
/// </summary>
public sealed class AdminSessionTests : IAsyncLifetime
{
    private const string SignInPath = "/api/auth/sign-in/email";
    private const string SignOutPath = "/api/auth/sign-out";
    // A loaded machine can take seconds over the first sign-in of a fresh process: the test is not about timeouts.
    private readonly SyncFixture _api = new(("Sync:Enabled", "false"), ("Auther:Client:AdminTimeout", "00:00:30"));

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task TheStartUpSignIn_CountsAsAnAdminCall_AndTwoAdminCallsReuseIt()
    {
        await WarmedUpAsync();

        var health = await AdminCheckAsync(_api.CreateClient());
        health.GetProperty("status").GetString().ShouldBe("Healthy");
        health.GetProperty("description").GetString()!.ShouldNotContain("no admin call made yet");
        health.GetProperty("description").GetString()!.ShouldContain("succeeded at");

        var signIns = _api.Auther.RequestCount(SignInPath);
        for (var i = 0; i < 2; i++)
        {
            await using var scope = _api.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AutherClient>().ListUsersAsync(10, 0, CancellationToken.None);
        }

        _api.Auther.RequestCount(SignInPath).ShouldBe(signIns);
        signIns.ShouldBe(1);
    }

    [Fact]
    public async Task AnInstanceThatStops_SignsItsSessionOut()
    {
        await WarmedUpAsync();
        var liveSessions = _api.Auther.SessionsOf(_api.AdminId).Count;
        var signOuts = _api.Auther.RequestCount(SignOutPath);

        var instance = _api.CreateInstance();
        await Eventually.ReturnsAsync(() => Task.FromResult(instance.Services.GetRequiredService<AdminSession>().LastSuccessAt), at => at is not null,
            TimeSpan.FromSeconds(40));
        _api.Auther.SessionsOf(_api.AdminId).Count.ShouldBe(liveSessions + 1);
        await instance.DisposeAsync();

        _api.Auther.RequestCount(SignOutPath).ShouldBe(signOuts + 1);
        _api.Auther.SessionsOf(_api.AdminId).Count.ShouldBe(liveSessions);
    }

    [Fact]
    public async Task ACliVerb_SignsInOnce_AndSignsOutAtTheEnd()
    {
        await WarmedUpAsync();
        var liveSessions = _api.Auther.SessionsOf(_api.AdminId).Count;
        var signIns = _api.Auther.RequestCount(SignInPath);
        var signOuts = _api.Auther.RequestCount(SignOutPath);
        var environment = _api.InstanceSettings().Where(s => s.Value is not null)
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);

        var (exitCode, output, stderr) = await ApiProcess.RunAsync(environment, "sync", "--full");

        exitCode.ShouldBe(0, $"{output}\n{stderr}");
        _api.Auther.RequestCount(SignInPath).ShouldBe(signIns + 1);
        _api.Auther.RequestCount(SignOutPath).ShouldBe(signOuts + 1);
        _api.Auther.SessionsOf(_api.AdminId).Count.ShouldBe(liveSessions);
    }

    /// <summary>The fixture's own instance has signed in (at start-up), so what follows counts only the test's own.</summary>
    private async Task WarmedUpAsync() =>
        (await Eventually.ReturnsAsync(() => Task.FromResult(_api.Services.GetRequiredService<AdminSession>().LastSuccessAt), at => at is not null,
            TimeSpan.FromSeconds(40))).ShouldNotBeNull("the start-up sign-in did not succeed");

    private static async Task<JsonElement> AdminCheckAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("checks").GetProperty("auther-admin");
    }
}
