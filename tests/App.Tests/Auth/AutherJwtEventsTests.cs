using App.Api.Auth.Jwt;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace App.Tests.Auth;

/// <summary>The JwtBearer events where no request can reach them: what JwtBearer hands over that the app cannot read.</summary>
public sealed class AutherJwtEventsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AValidatedTokenWithoutAClaimsIdentity_IsRefusedAsInvalid_NotLetThrough()
    {
        var events = api.Services.GetRequiredService<AutherJwtEvents>();
        var context = new TokenValidatedContext(new DefaultHttpContext(), new AuthenticationScheme("AutherJwt", null, typeof(JwtBearerHandler)), new JwtBearerOptions())
        {
            SecurityToken = new JsonWebToken(api.TokenFor(TestData.NewUserId())),
            Principal = null,
        };

        await events.TokenValidated(context);

        context.Result.ShouldNotBeNull().Failure.ShouldBeOfType<TokenRejectedException>().Rejection.ShouldBe(TokenRejection.Invalid);
    }
}
