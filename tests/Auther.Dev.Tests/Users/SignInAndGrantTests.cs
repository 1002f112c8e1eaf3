using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;
using Auther.Dev.Webhooks;

namespace Auther.Dev.Tests.Users;

/// <summary>Dev sign-in and grant changes emit the events the app's receiver consumes.</summary>
public sealed class SignInAndGrantTests : IAsyncLifetime
{
    private WebhookRecorder _receiver = null!;
    private AutherDevServer _server = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookRecorder.StartAsync();
        _server = await TestAuther.StartAsync(o =>
            o.WebhookEndpoints.Add(new WebhookEndpointOptions { Url = _receiver.Url, Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_EmitsSessionCreated_AndNewDeviceLoginOnlyTheFirstTime()
    {
        var user = _server.CreateUser("signin@example.com", id: "signin-1");

        var first = _server.SignIn(user.Id, "Mozilla/5.0 (iPhone)", "203.0.113.5");
        var second = _server.SignIn(user.Id, "Mozilla/5.0 (iPhone)", "203.0.113.5");
        await _server.WaitUntilIdleAsync();

        first.NewDevice.ShouldBeTrue();
        second.NewDevice.ShouldBeFalse();
        Events().Select(e => e.GetProperty("type").GetString())
            .ShouldBe(["user.created", "session.created", "security.new_device_login", "session.created"]);
        var login = Events().Single(e => e.GetProperty("type").GetString() == "security.new_device_login").GetProperty("data");
        login.GetProperty("userId").GetString().ShouldBe("signin-1");
        login.GetProperty("ipAddress").GetString().ShouldBe("203.0.113.5");
        login.GetProperty("platform").GetString().ShouldBe("ios");
    }

    [Fact]
    public async Task DevSignInRoute_ReturnsASessionAndAToken()
    {
        _server.CreateUser("route@example.com", id: "route-1");

        var response = await TestAuther.Client(_server).PostAsJsonAsync("/api/auth/dev/sign-in", new { userId = "route-1", userAgent = "curl/8", ipAddress = "10.1.1.1" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("newDevice").GetBoolean().ShouldBeTrue();
        Jwt.Payload(body.GetProperty("token").GetString()!).GetProperty("sub").GetString().ShouldBe("route-1");
    }

    [Fact]
    public async Task GrantAndRevoke_EmitGrantAndAccessEvents_WithADeterministicTupleId()
    {
        var first = _server.Grant("user-9", "org", "acme", "admin");
        var again = _server.Grant("user-9", "org", "acme", "admin");
        _server.Revoke("user-9", "org", "acme", "admin");
        await _server.WaitUntilIdleAsync();

        again.TupleId.ShouldBe(first.TupleId);
        Events().Select(e => e.GetProperty("type").GetString())
            .ShouldBe(["grant.created", "access.granted", "grant.created", "access.granted", "grant.revoked", "access.revoked"]);
        var grant = Events()[0].GetProperty("data");
        grant.GetProperty("tupleId").GetString().ShouldBe(first.TupleId);
        grant.GetProperty("subjectType").GetString().ShouldBe("user");
        grant.GetProperty("relation").GetString().ShouldBe("admin");
        grant.GetProperty("hasCondition").GetBoolean().ShouldBeFalse();
        Events()[1].GetProperty("data").GetProperty("userId").GetString().ShouldBe("user-9");
    }

    [Fact]
    public async Task DevGrantRoute_Grants()
    {
        var response = await TestAuther.Client(_server).PostAsJsonAsync("/api/auth/dev/grant", new { userId = "user-3", entityType = "project", entityId = "p", relation = "viewer" });

        response.EnsureSuccessStatusCode();
        _server.Grants.ShouldContain(g => g.SubjectId == "user-3" && g.Relation == "viewer");
    }

    private List<JsonElement> Events() => _receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone()).ToList();
}
