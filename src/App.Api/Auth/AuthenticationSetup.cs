using App.Api.Auther;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace App.Api.Auth;

public static class AuthenticationSetup
{
    public static IServiceCollection AddAppAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AutherOptions>>((options, auther) =>
            {
                options.MetadataAddress = auther.Value.ResolvedMetadataAddress;
                options.RequireHttpsMetadata = false;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.ValidIssuers = auther.Value.ResolvedIssuers;
                options.TokenValidationParameters.ValidAudience = auther.Value.Audience;
            });

        // Secure by default: every endpoint needs an authenticated caller unless it says AllowAnonymous().
        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var policy in Policies.All)
        {
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireClaim("permission", policy));
        }
        return services;
    }
}
