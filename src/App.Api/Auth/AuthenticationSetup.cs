using App.Api.Auth.Jwks;
using App.AutherKeys;
using App.Api.Auth.Jwt;
using App.Api.Auth.Legacy;
using App.Api.Auth.Permissions;
using App.Api.IdentityProvider;
using App.Api.Health;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace App.Api.Auth;

public static class AuthenticationSetup
{
    public static IServiceCollection AddAppAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<PermissionRegistryOptions>().BindConfiguration(PermissionRegistryOptions.SectionName);

        services.AddSingleton<AuthMetrics>();
        services.AddSingleton<AutherJwks>();
        services.AddSingleton<VerifiedTokenCache>();
        services.AddSingleton<AutherJwtEvents>();
        services.AddHostedService<JwksRefreshService>();
        // Each discovery or JWKS request is bounded on its own: IdentityModel's retriever does not pass a
        // cancellation on, so without this a hung Auther held every unknown-kid request for HttpClient's 100 s.
        services.AddHttpClient(AutherJwks.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<AuthOptions>>().Value.JwksFetchTimeout);
        services.AddHealthChecks().AddCheck<JwksHealthCheck>("jwks", tags: [HealthEndpoints.ReadyTag]);

        services.AddAuthentication(AuthSchemes.Jwt)
            .AddJwtBearer(AuthSchemes.Jwt, _ => { })
            .AddScheme<AuthenticationSchemeOptions, LegacySessionHandler>(AuthSchemes.Legacy, _ => { });
        services.AddSingleton<LegacySessionMisses>();

        services.AddOptions<JwtBearerOptions>(AuthSchemes.Jwt)
            .Configure<IOptions<AutherOptions>, IOptions<AuthOptions>, AutherJwks>((options, auther, auth, jwks) =>
            {
                // The default scheme hands what is not a JWT (a legacy session) to the legacy handler, for
                // authenticate, challenge and forbid alike; a JWT (the selector names this scheme) stays here.
                var cookieName = auth.Value.Legacy.CookieName;
                options.ForwardDefaultSelector = context => AuthSchemes.Select(context, cookieName);
                options.ConfigurationManager = jwks;
                // The app refreshes for an unknown kid itself (AutherJwtEvents, awaited, then the same request again).
                // Stryker disable once Boolean: JwtBearer's RequestRefresh would only start or join that same shared, throttled fetch, with no kid.
                options.RefreshOnIssuerKeyNotFound = false;
                options.MapInboundClaims = false;
                options.EventsType = typeof(AutherJwtEvents);
                // JwtBearer's own JsonWebTokenHandler (MapInboundClaims above already reaches it) with our size cap.
                foreach (var handler in options.TokenHandlers.OfType<JsonWebTokenHandler>())
                {
                    handler.MaximumTokenSizeInBytes = auth.Value.MaxTokenBytes;
                }

                var parameters = options.TokenValidationParameters;
                // JwtBearer adds the configuration's issuer (the discovery document's, see AutherJwks) to these.
                parameters.ValidIssuers = auther.Value.ResolvedIssuers;
                parameters.ValidAudiences = auther.Value.ResolvedAudiences;
                parameters.ValidAlgorithms = JwkConverter.AllowedAlgorithms;
                parameters.ClockSkew = auth.Value.ClockSkew;
                parameters.RequireExpirationTime = true;
                parameters.RequireSignedTokens = true;
                // Stryker disable once Boolean: IdentityModel checks only an X509SecurityKey's certificate dates with it, and JwkConverter never makes one.
                parameters.ValidateIssuerSigningKey = true;
                // Auther always sends a kid; never let a token make us try every key.
                parameters.TryAllIssuerSigningKeys = false;
                parameters.NameClaimType = "sub";
                parameters.RoleClaimType = "role";
            });

        // Secure by default: every endpoint needs an authenticated caller unless it says AllowAnonymous().
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, PermissionDeniedHandler>();
        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var policy in Policies.All)
        {
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(policy)));
        }

        return services;
    }

    /// <summary>Authentication; the identity checks that need the shadow row follow (<c>UseShadowUsers</c>), then authorization.</summary>
    public static IApplicationBuilder UseAppAuthentication(this IApplicationBuilder app) => app.UseAuthentication();
}
