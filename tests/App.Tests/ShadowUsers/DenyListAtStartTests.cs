using System.Net;
using System.Net.Http.Json;
using App.Api.Auth;
using App.Api.ShadowUsers;
using App.Tests.Features.Users;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace App.Tests.ShadowUsers;

/// <summary>
/// An instance reads the jti deny-list from the database before it serves its first authenticated request, not
/// only once its LISTEN connection is up. Here no instance listens, so that read is the only way a new instance
/// can know a token revoked before it started.
/// </summary>
public sealed class DenyListAtStartTests(NoCacheNotificationsFixture api) : IClassFixture<NoCacheNotificationsFixture>
{
    [Fact]
    public async Task ATokenRevokedBeforeTheInstanceStarted_IsRefusedOnItsFirstRequest()
    {
        var token = api.TokenFor(TestData.NewUserId());
        using (var admin = api.ClientFor(TestData.NewUserId(), Policies.TokenRevoke))
        {
            (await admin.PostAsJsonAsync("/api/admin/tokens/revoke", new { jti = new JsonWebToken(token).Id })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var started = api.CreateInstance();
        started.Services.GetRequiredService<RevocationList>().IsLoaded.ShouldBeFalse();
        using var client = api.ClientWith(token, started);
        using var response = await client.GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("revoked");
    }
}
