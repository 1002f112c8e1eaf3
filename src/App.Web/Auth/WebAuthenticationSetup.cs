using App.AutherKeys;
using App.Web.Sessions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace App.Web.Auth;

/// <summary>
/// Cookie sign-in backed by the server-side session store, and Auther as the OpenID Connect provider (code flow
/// with PKCE, confidential client). Auther's EdDSA id_tokens are verified with the API's own Ed25519 code
/// (<see cref="AutherOidcConfiguration"/>).
/// </summary>
public static class WebAuthenticationSetup
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    public static IServiceCollection AddWebAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AutherSettings>().BindConfiguration(AutherSettings.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SessionSettings>().BindConfiguration(SessionSettings.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(nameof(AutherOidcConfiguration));
        services.AddHttpClient(SessionTokenRefresher.HttpClientName);
        services.AddSingleton(sp => new AutherOidcConfiguration(
            sp.GetRequiredService<IOptions<AutherSettings>>().Value.ResolvedMetadataAddress,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AutherOidcConfiguration)),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SessionTokenRefresher>();
        services.AddSingleton<AutherOidcEvents>();
        services.AddSingleton<PostgresTicketStore>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, TicketStoreSetup>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieScheme;
                options.DefaultChallengeScheme = OidcScheme;
            })
            .AddCookie(CookieScheme)
            .AddOpenIdConnect(OidcScheme, _ => { });
        services.AddAuthorization();

        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<IOptions<SessionSettings>, SessionTokenRefresher>((options, session, refresher) =>
            {
                options.Cookie.Name = session.Value.CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = session.Value.IdleTimeout;
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = refresher.ValidatePrincipalAsync;
            });

        services.AddOptions<OpenIdConnectOptions>(OidcScheme)
            .Configure<IOptions<AutherSettings>, AutherOidcConfiguration>((options, auther, configuration) =>
            {
                var settings = auther.Value;
                options.ConfigurationManager = configuration;
                options.ClientId = settings.ClientId;
                options.ClientSecret = settings.ClientSecret;
                options.ResponseType = OpenIdConnectResponseType.Code;
                // Auther answers with a query string (it ignores form_post); Lax cookies survive that top-level GET.
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.UsePkce = true;
                options.Scope.Clear();
                foreach (var scope in settings.Scopes)
                {
                    options.Scope.Add(scope);
                }

                options.SaveTokens = true;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.DisableTelemetry = true;
                options.EventsType = typeof(AutherOidcEvents);
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                var parameters = options.TokenValidationParameters;
                // The discovery document's issuer is accepted too (the handler adds it); deployed Auther's id_tokens name its base URL.
                parameters.ValidIssuers = settings.ResolvedIssuers;
                parameters.ValidAlgorithms = JwkConverter.AllowedAlgorithms;
                parameters.NameClaimType = "name";
                parameters.RoleClaimType = "role";
            });
        return services;
    }
}
