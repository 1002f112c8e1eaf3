using System.Net;
using App.Tests.Infrastructure;

namespace App.Tests.Auth;

/// <summary>
/// What <c>AddAppAuthentication</c> registers besides JwtBearer's settings (those are in <see cref="JwtBearerSettingsTests"/>):
/// the JWKS loaded at start-up, before any request needs it, and the legacy scheme for what is not a JWT.
/// </summary>
public sealed class AuthenticationServicesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>
    /// Nothing in this class sends a JWT: the keys come from the start-up load (and its scheduled refreshes), not from a
    /// request's cold start, so a load balancer sends an instance traffic only once it can verify tokens.
    /// </summary>
    [Fact]
    public async Task AStartedInstance_BecomesReady_WithoutAnyBearerRequest()
    {
        var client = api.CreateClient();

        var ready = await Eventually.ReturnsAsync(async () => (await client.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK);

        ready.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnOpaqueBearerValue_GoesToTheLegacyScheme_AndIs401TokenNotJwt()
    {
        using var response = await api.ClientWith("Zq8xW2vT6rN4pL0kJ8hG6fD4sA2mB0cX").GetAsync("/api/me");

        (await ProblemAssert.IsProblemAsync(response, 401)).GetProperty("code").GetString().ShouldBe("token_not_jwt");
    }
}
